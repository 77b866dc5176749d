import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../../src/profile/load.js';
import type { BackendEvidence } from '../../../src/trace/backend.js';
import { containerCapabilities, moveBaselineDenials } from '../../../src/record/baseline-denials.js';
import { evidenceOf } from '../../helpers/observation.js';
import { referenceDefaultCaps } from '../../helpers/reference.js';

const DEFAULT_14 = referenceDefaultCaps();

/** What the strace container backend reported for `unshare -m true` under Docker's default: entered, failed with EPERM. */
function straceEvidence(): BackendEvidence {
  return evidenceOf({
    SCMP_ARCH_X86_64: {
      read: { count: 4, errors: 0, firstSeen: 0 },
      unshare: { count: 1, errors: 1, firstSeen: 1 },
      clone: { count: 2, errors: 0, firstSeen: 2 },
    },
  });
}

describe('containerCapabilities', () => {
  it("is Docker's 14 defaults without options", () => {
    expect(containerCapabilities([])).toEqual(DEFAULT_14);
  });
  it('applies --cap-drop and --cap-add (any spelling), ALL on either side', () => {
    expect(containerCapabilities(['--cap-drop', 'ALL', '--cap-add', 'net_bind_service'])).toEqual([
      'CAP_NET_BIND_SERVICE',
    ]);
    expect(containerCapabilities(['--cap-add', 'SYS_ADMIN', '--cap-drop', 'CAP_CHOWN'])).toEqual(
      [...DEFAULT_14.filter((c) => c !== 'CAP_CHOWN'), 'CAP_SYS_ADMIN'].sort(),
    );
    expect(containerCapabilities(['--cap-add', 'ALL', '--cap-drop', 'SYS_ADMIN'])).toHaveLength(40);
  });
});

describe('moveBaselineDenials', () => {
  it("moves a call Docker's default denies for every argument (unshare without SYS_ADMIN) to blocked, with a note", async () => {
    const { profile } = await loadProfile('docker-default');
    const out = moveBaselineDenials(straceEvidence(), profile, DEFAULT_14);
    expect(Object.keys(out.syscalls.SCMP_ARCH_X86_64 ?? {}).sort()).toEqual(['clone', 'read']);
    expect(out.blocked).toEqual({ SCMP_ARCH_X86_64: { unshare: 1 } });
    expect(out.notes.join('\n')).toMatch(/baseline: unshare denied by the baseline/);
  });
  it('keeps it when the container has the capability the baseline grants it for, and keeps calls filtered by argument (clone)', async () => {
    const { profile } = await loadProfile('docker-default');
    const out = moveBaselineDenials(straceEvidence(), profile, [...DEFAULT_14, 'CAP_SYS_ADMIN']);
    expect(out).toEqual(straceEvidence());
  });
});
