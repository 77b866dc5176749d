import { describe, expect, it } from 'vitest';
import type { SeccompProfile } from '../../../src/model/profile.js';
import { loadProfile } from '../../../src/profile/load.js';
import { toComplainProfile } from '../../../src/verify/complain-profile.js';

const profile: SeccompProfile = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  flags: ['SECCOMP_FILTER_FLAG_LOG', 'SECCOMP_FILTER_FLAG_SPEC_ALLOW'],
  syscalls: [
    { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' },
    { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
    { names: ['ptrace'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
    { names: ['sync'], action: 'SCMP_ACT_KILL_PROCESS' },
    { names: ['getpid'], action: 'SCMP_ACT_LOG' },
    { names: ['kexec_load'], action: 'SCMP_ACT_TRAP' },
    { names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }] },
  ],
};

describe('toComplainProfile', () => {
  const complain = toComplainProfile(profile);

  it('logs what the default would deny, with no errno left over', () => {
    expect(complain.defaultAction).toBe('SCMP_ACT_LOG');
    expect(complain.defaultErrnoRet).toBeUndefined();
  });

  it('keeps ALLOW rules (with their argument filters) and turns LOG rules into ALLOW', () => {
    expect(complain.syscalls[0]).toEqual(profile.syscalls[0]);
    expect(complain.syscalls[6]).toEqual(profile.syscalls[6]);
    expect(complain.syscalls[4]!.action).toBe('SCMP_ACT_ALLOW');
  });

  it('keeps ENOSYS fallbacks as they are and logs every other denial', () => {
    expect(complain.syscalls[1]).toEqual({ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
    expect(complain.syscalls[2]).toEqual({ names: ['ptrace'], action: 'SCMP_ACT_LOG' });
    expect(complain.syscalls[3]!.action).toBe('SCMP_ACT_LOG');
    expect(complain.syscalls[5]!.action).toBe('SCMP_ACT_LOG');
  });

  it('drops SECCOMP_FILTER_FLAG_LOG (so kept denials are not logged) and keeps the other flags', () => {
    expect(complain.flags).toEqual(['SECCOMP_FILTER_FLAG_SPEC_ALLOW']);
    expect(toComplainProfile({ ...profile, flags: ['SECCOMP_FILTER_FLAG_LOG'] }).flags).toBeUndefined();
  });

  it('does not change the input', () => {
    expect(profile.syscalls[2]!.errnoRet).toBe(1);
    expect(profile.defaultAction).toBe('SCMP_ACT_ERRNO');
  });

  it('makes a permissive default ALLOW, so that no record stands for an allowed call', () => {
    expect(toComplainProfile({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] }).defaultAction).toBe('SCMP_ACT_ALLOW');
    expect(toComplainProfile({ defaultAction: 'SCMP_ACT_LOG', syscalls: [] }).defaultAction).toBe('SCMP_ACT_ALLOW');
    expect(toComplainProfile({ defaultAction: 'SCMP_ACT_KILL_PROCESS', syscalls: [] }).defaultAction).toBe(
      'SCMP_ACT_LOG',
    );
  });

  it("leaves no denying action in Docker's default profile except ENOSYS fallbacks", async () => {
    const { profile: docker } = await loadProfile('docker-default');
    const actions = toComplainProfile(docker).syscalls.filter(
      (r) => r.action !== 'SCMP_ACT_ALLOW' && r.action !== 'SCMP_ACT_LOG',
    );
    expect(actions.every((r) => r.action === 'SCMP_ACT_ERRNO' && r.errnoRet === 38)).toBe(true);
  });
});
