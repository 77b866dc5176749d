import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerState } from '../../../src/engine/docker.js';
import { generateProfile } from '../../../src/generate/generate.js';
import { startupWarnings } from '../../../src/generate/startup-coverage.js';
import { parseObservation } from '../../../src/model/read-observation.js';
import { describeWorkload, type LabelledObservation } from '../../../src/observation/merge.js';
import { ObservationUnion } from '../../../src/observation/union.js';
import {
  attachedBaselineName,
  attachedCapabilities,
  buildAttachedObservation,
} from '../../../src/record/attach-observation.js';
import { defaultProjectName } from '../../../src/record/attach-targets.js';
import { repoRoot } from '../../helpers/cli.js';
import { defaultOptions } from '../generate/fixtures.js';

/** Real observations: busybox attached with --duration 3, and the same image recorded from its start. */
function attachFixture(name: string): LabelledObservation {
  const path = join(repoRoot, 'test/fixtures/attach', name);
  return { label: name, observation: parseObservation(readFileSync(path, 'utf8'), path) };
}

const state = (over: Partial<ContainerState> = {}): ContainerState => ({
  id: 'c0ffee',
  name: 'web-attach',
  image: 'seccompose/busybox:1',
  pid: 4242,
  status: 'running',
  running: true,
  exitCode: 0,
  oomKilled: false,
  health: 'none',
  ip: '172.17.0.9',
  published: [],
  exposed: [],
  runtime: 'runc',
  startedAt: '2026-12-01T10:00:00.000000000Z',
  finishedAt: '0001-01-01T00:00:00Z',
  securityOpt: [],
  ...over,
});

const evidence = {
  syscalls: { SCMP_ARCH_X86_64: { read: { count: 3, errors: 0, firstSeen: 0 } } },
  blocked: {},
  args: {},
  bindPorts: [],
  capabilities: {},
  notes: ['ebpf: seeded'],
  incompleteReasons: [],
  diagnostics: { unparsedLines: 0, unparsedSamples: [], unknownSyscalls: [], lostEvents: 0 },
};

describe('attached observations', () => {
  const facts = {
    container: { state: state() },
    final: state(),
    evidence,
    baseline: { label: 'unconfined', profile: null },
    backendVersion: '0.17.0',
    runtime: { name: 'runc', version: '1.1.5' },
    runtimeSyscalls: undefined,
    attachedAt: new Date('2026-12-01T10:05:00.000Z'),
    endedAt: new Date('2026-12-01T10:05:03.000Z'),
    notes: ['attach: ended by Ctrl-C (SIGINT/SIGTERM), the normal end of an attach'],
    incompleteReasons: [],
  };

  it('are complete, marked attached, and say that start-up was not seen', () => {
    const o = buildAttachedObservation(facts);
    expect(o.complete).toBe(true);
    expect(o.workload).toMatchObject({
      kind: 'container',
      image: 'seccompose/busybox:1',
      attached: { container: 'web-attach', containerStartedAt: state().startedAt, at: '2026-12-01T10:05:00.000Z' },
    });
    expect(o.backend.notes[0]).toMatch(/already running .* its start-up syscalls were not seen/);
    expect(o.exit).toEqual({ code: null, signal: null });
    expect(o.durationMs).toBe(3000);
    expect(describeWorkload(o.workload)).toBe(
      'container seccompose/busybox:1 (attached to running web-attach: start-up not seen)',
    );
  });

  it('keep a compose service’s identity and the exit of a container that stopped meanwhile', () => {
    const compose = { project: 'shop', files: ['/p/compose.yaml'], service: 'api', replica: 1 };
    const o = buildAttachedObservation({
      ...facts,
      container: { state: state(), compose },
      final: state({ running: false, status: 'exited', exitCode: 3, pid: 0, finishedAt: '2026-12-01T10:05:02.5Z' }),
    });
    expect(o.workload).toMatchObject({ compose: { ...compose, user: '' } });
    expect(o.exit).toEqual({ code: 3, signal: null });
    expect(o.backend.notes).toContain('attach: the container exited (exit code 3) during the attach');
    expect(o.complete).toBe(true);
  });

  it('are partial when the container exited before the tracer was attached', () => {
    const o = buildAttachedObservation({
      ...facts,
      final: state({ running: false, status: 'exited', exitCode: 3, pid: 0, finishedAt: '2026-12-01T10:04:59.9Z' }),
    });
    expect(o.complete).toBe(false);
    expect(o.incompleteReasons).toEqual([
      'the container exited at 2026-12-01T10:04:59.9Z, before the tracer was attached (2026-12-01T10:05:00.000Z): its last calls were not seen',
    ]);
  });

  it('say so when the container was removed meanwhile, with no exit status', () => {
    const o = buildAttachedObservation({ ...facts, final: state({ running: false, status: 'removed', pid: 0 }) });
    expect(o.exit).toEqual({ code: null, signal: null });
    expect(o.backend.notes).toContain(
      'attach: the container was removed during the attach (docker inspect no longer finds it)',
    );
  });

  it('take the container’s capabilities from its HostConfig, as Docker names them', () => {
    const caps = attachedCapabilities(state({ capAdd: ['CAP_SYS_ADMIN'], capDrop: ['CAP_CHOWN'] }));
    expect(caps).toContain('CAP_SYS_ADMIN');
    expect(caps).not.toContain('CAP_CHOWN');
    expect(caps).toContain('CAP_SETUID');
    expect(attachedCapabilities(state({ capDrop: ['ALL'], capAdd: ['CAP_NET_BIND_SERVICE'] }))).toEqual([
      'CAP_NET_BIND_SERVICE',
    ]);
  });

  it('take the profile the container runs under from its SecurityOpt', () => {
    expect(attachedBaselineName(state())).toBe('docker-default');
    expect(attachedBaselineName(state({ securityOpt: ['seccomp=unconfined'] }))).toBe('unconfined');
    expect(attachedBaselineName(state({ securityOpt: ['seccomp={"defaultAction":"SCMP_ACT_ALLOW"}'] }))).toBe('own');
  });
});

describe('generate with an attached observation', () => {
  const attached = attachFixture('busybox-attach.obs.json');
  const started = attachFixture('busybox-start.obs.json');

  it('warns that the profile may lack start-up calls when the attach is alone', () => {
    const result = generateProfile([attached], defaultOptions);
    expect(result.startupWarnings).toHaveLength(1);
    expect(result.startupWarnings[0]).toMatch(
      /^busybox-attach\.obs\.json was recorded by attaching to the running container attach-manual-1 .* the start-up syscalls of seccompose\/busybox:1 were not seen/,
    );
  });

  it('drops the warning once a start-up recording of the same image is merged in, and allows its calls', () => {
    const result = generateProfile([attached, started], defaultOptions);
    expect(result.startupWarnings).toEqual([]);
    const allowed = result.profile.syscalls.flatMap((r) => r.names);
    for (const name of Object.keys(started.observation.syscalls.SCMP_ARCH_X86_64 ?? {}))
      expect(allowed).toContain(name);
  });

  it('keeps the warning when the other recording is of another image', () => {
    const other = {
      ...started.observation,
      workload: { ...started.observation.workload, image: 'seccompose/nginx:1' },
    };
    expect(startupWarnings([attached, { label: 'nginx.obs.json', observation: other }])).toHaveLength(1);
  });
});

describe("compose's default project name", () => {
  it('is COMPOSE_PROJECT_NAME, else the project directory lower-cased without other characters', () => {
    expect(defaultProjectName('/srv/My Shop.v2/compose.yaml', undefined)).toBe('myshopv2');
    expect(defaultProjectName('/srv/compose-shop/compose.yaml', '')).toBe('compose-shop');
    expect(defaultProjectName('/srv/x/compose.yaml', 'staging')).toBe('staging');
  });
});

describe('seccompose merge with an attached observation', () => {
  const attached = attachFixture('busybox-attach.obs.json');
  const started = attachFixture('busybox-start.obs.json');
  const union = (inputs: LabelledObservation[]) => {
    const u = new ObservationUnion();
    for (const i of inputs) u.add(i.observation, i.label);
    return u.result();
  };

  it('keeps the mark alone, drops it once a start-up recording is merged in, in either order', () => {
    const alone = union([attached]);
    expect(alone.workload.kind === 'container' && alone.workload.attached?.container).toBe('attach-manual-1');
    for (const order of [
      [attached, started],
      [started, attached],
    ]) {
      const both = union(order);
      expect(both.workload.kind === 'container' && both.workload.attached).toBeUndefined();
      expect(startupWarnings([{ label: 'merged.json', observation: both }])).toEqual([]);
    }
    expect(startupWarnings([{ label: 'alone.json', observation: alone }])).toHaveLength(1);
  });
});
