import { describe, expect, it } from 'vitest';
import { hardenService, NOBODY } from '../../../src/emit/compose-harden.js';
import type { Observation } from '../../../src/model/observation.js';
import { observationOf } from '../../helpers/observation.js';

const service = (
  over: Partial<Omit<Observation, 'backend'>> & { user?: string; backend?: 'ebpf' | 'audit' } = {},
): Observation => {
  const base = observationOf({ SCMP_ARCH_X86_64: { read: { count: 1, errors: 0, firstSeen: 0 } } });
  return {
    ...base,
    backend: { name: over.backend ?? 'ebpf', version: '0.17.0', notes: [] },
    workload: {
      kind: 'container',
      image: 'img',
      dockerArgs: [],
      command: [],
      noNewPrivileges: false,
      compose: { project: 'p', files: ['/c.yaml'], service: 's', replica: 1, user: over.user ?? '' },
    },
    writes: over.writes,
    capabilities: over.capabilities ?? {},
  };
};
const writes = (dirs: [string, number][], modified: string[] = []) => ({
  source: 'docker diff + overlay2 layers',
  dirs: dirs.map(([path, imageEntries]) => ({ path, imageEntries })),
  modifiedImageFiles: modified,
});

describe('hardenService (--harden)', () => {
  it('read_only + tmpfs for exactly /run and /tmp when the image has nothing there; user nobody when nothing needs root', () => {
    const h = hardenService(
      [
        service({
          writes: writes([
            ['/run', 0],
            ['/tmp', 0],
          ]),
        }),
      ],
      [],
    );
    expect(h.readOnly.value).toEqual({ tmpfs: ['/run', '/tmp'] });
    expect(h.user.value).toBe(NOBODY);
  });

  it('no read_only for a service that writes where the image has files, or changes an image file', () => {
    const elsewhere = hardenService(
      [
        service({
          writes: writes([
            ['/tmp', 0],
            ['/var/lib/app', 3],
          ]),
        }),
      ],
      [],
    );
    expect(elsewhere.readOnly.value).toBeUndefined();
    expect(elsewhere.readOnly.because).toMatch(/\/var\/lib\/app \(3 files in the image\).*mount a volume there/);
    const modified = hardenService([service({ writes: writes([], ['/etc/app.conf']) })], []);
    expect(modified.readOnly.because).toMatch(/changed image files in place \(\/etc\/app.conf/);
    expect(modified.user.value).toBeUndefined();
  });

  it('no user: when a capability was used, when the backend cannot see capability checks, or with writable volumes', () => {
    const used = hardenService(
      [
        service({
          writes: writes([]),
          capabilities: { CAP_SETUID: { source: 'observed', checked: 1, granted: 1, denied: 0, evidence: [] } },
        }),
      ],
      [],
    );
    expect(used.user.because).toMatch(/used CAP_SETUID/);
    expect(hardenService([service({ writes: writes([]), backend: 'audit' })], []).user.because).toMatch(
      /audit backend does not trace capability checks/,
    );
    expect(hardenService([service({ writes: writes([]) })], ['/data']).user.because).toMatch(
      /writable volumes \(\/data\)/,
    );
    expect(hardenService([service({ writes: writes([]), user: 'app' })], []).user.because).toMatch(
      /already runs as app/,
    );
  });

  it('merges every replica: one that wrote elsewhere keeps read_only off', () => {
    const h = hardenService(
      [service({ writes: writes([['/tmp', 0]]) }), service({ writes: writes([['/srv', 2]]) })],
      [],
    );
    expect(h.readOnly.value).toBeUndefined();
  });
});
