import { describe, expect, it } from 'vitest';
import type { ServiceComplaint } from '../../../src/verify/compose-complain.js';
import { causesOf } from '../../../src/verify/verify-compose.js';

const complaint = (over: Partial<ServiceComplaint> = {}): ServiceComplaint => ({
  denied: [],
  missingCapabilities: [],
  capabilitiesObserved: true,
  readOnlyFailure: undefined,
  failedToo: [],
  notes: [],
  ...over,
});
const denied = [
  { syscall: 'sendmmsg', arch: 'SCMP_ARCH_X86_64' as const, count: 20, processes: ['python3'], action: 'ERRNO(EPERM)' },
];
const failedToo = [{ name: 'ready', ok: false, detail: 'exited with code 1 before it was ready' }];

describe('causesOf (verify -f)', () => {
  it('seccomp when it ran under its complain profile and its profile denies calls', () => {
    expect(causesOf(complaint({ denied }), undefined, false)).toEqual(['seccomp']);
  });

  it('a read-only filesystem or a missing capability, not seccomp, when it fails under its complain profile too', () => {
    // nginx on its chown error path also calls gettid: a would-be denial that is not the cause.
    expect(
      causesOf(complaint({ denied, failedToo, missingCapabilities: ['CAP_CHOWN', 'CAP_SYS_ADMIN'] }), undefined, true),
    ).toEqual(['capabilities']);
    expect(causesOf(complaint({ failedToo }), "OSError: [Errno 30] Read-only file system: '/run/x'", true)).toEqual([
      'read-only-filesystem',
    ]);
  });

  it("CAP_SYS_ADMIN alone (the overcommit heuristic's check) is no cause; nothing known is 'not-seccomp'", () => {
    expect(causesOf(complaint({ failedToo, missingCapabilities: ['CAP_SYS_ADMIN'] }), undefined, true)).toEqual([
      'not-seccomp',
    ]);
    expect(causesOf(undefined, undefined, true)).toEqual(['not-seccomp']);
  });
});
