import { describe, expect, it } from 'vitest';
import { DOCKER_DEFAULT_CAPS } from '../../../src/kernel/capabilities.js';
import type { SeccompProfile } from '../../../src/model/profile.js';
import { loadProfile } from '../../../src/profile/load.js';
import { resolveProfile } from '../../../src/profile/resolve.js';
import {
  CANARY_CANDIDATES,
  chooseCanary,
  judgeCanary,
  SIGSYS_EXIT,
  type CanaryPlan,
} from '../../../src/verify/canary.js';

const context = { arch: 'SCMP_ARCH_X86_64' as const, caps: [...DOCKER_DEFAULT_CAPS], kernel: '6.1' };
const policyOf = (profile: SeccompProfile) => resolveProfile(profile, context);
const allow = (names: string[]) => ({ names, action: 'SCMP_ACT_ALLOW' as const });

describe('chooseCanary', () => {
  it('picks the first candidate a minimal profile denies, expecting its errno', () => {
    const choice = chooseCanary(
      policyOf({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [allow(['read', 'getcpu'])] }),
      'x64',
    );
    expect(choice).toEqual({ ok: true, plan: { syscall: 'getppid', nr: 110, expected: 1, action: 'ERRNO(EPERM)' } });
  });

  it("uses get_mempolicy for Docker's default profile (it allows the harmless getters; get_mempolicy needs CAP_SYS_NICE)", async () => {
    const { profile } = await loadProfile('docker-default');
    const choice = chooseCanary(policyOf(profile), 'x64');
    expect(choice.ok && choice.plan).toMatchObject({ syscall: 'get_mempolicy', expected: 1 });
  });

  it('expects SIGSYS (exit 159) when the default action kills', () => {
    const choice = chooseCanary(policyOf({ defaultAction: 'SCMP_ACT_KILL_PROCESS', syscalls: [] }), 'x64');
    expect(choice.ok && choice.plan).toMatchObject({
      syscall: 'getcpu',
      expected: SIGSYS_EXIT,
      action: 'KILL_PROCESS',
    });
  });

  it("skips a candidate whose own call could return the profile's errno", () => {
    // keyctl(0, ...) returns EINVAL by itself: an ERRNO(EINVAL) denial could not be told apart.
    const everythingElse = CANARY_CANDIDATES.map((c) => c.name).filter((n) => n !== 'keyctl' && n !== 'add_key');
    const profile: SeccompProfile = {
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: 22,
      syscalls: [allow(everythingElse)],
    };
    const choice = chooseCanary(policyOf(profile), 'x64');
    expect(choice.ok && choice.plan).toMatchObject({ syscall: 'add_key', expected: 22 });
  });

  it('fails for defaultAction ALLOW, naming the reason', () => {
    const choice = chooseCanary(policyOf({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] }), 'x64');
    expect(choice.ok).toBe(false);
    expect(!choice.ok && choice.reason).toMatch(/defaultAction is SCMP_ACT_ALLOW/);
  });

  it('fails for unconfined and is unsupported (not passed) on other machines', () => {
    expect(chooseCanary(null, 'x64')).toEqual({ ok: false, reason: expect.stringMatching(/unconfined/) });
    const arm = chooseCanary(policyOf({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [] }), 'arm64');
    expect(arm).toEqual({ ok: false, reason: expect.stringMatching(/not supported on arm64/) });
  });

  it('fails when an ALLOW default is only decorated with unrelated denials', () => {
    const choice = chooseCanary(
      policyOf({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['ptrace'], action: 'SCMP_ACT_ERRNO' }] }),
      'x64',
    );
    expect(choice.ok).toBe(false);
  });
});

describe('judgeCanary', () => {
  const plan: CanaryPlan = { syscall: 'keyctl', nr: 250, expected: 1, action: 'ERRNO(EPERM)' };

  it('passes only on the expected errno', () => {
    expect(judgeCanary(plan, { ran: true, exitCode: 1, where: 'here' })).toMatchObject({ ok: true });
  });

  it.each([
    [22, /returned EINVAL/],
    [0, /ran and succeeded/],
    [SIGSYS_EXIT, /killed by SIGSYS/],
  ])('fails when the probe exits %i', (code, message) => {
    const verdict = judgeCanary(plan, { ran: true, exitCode: code, where: 'here' });
    expect(verdict.ok).toBe(false);
    expect(verdict.detail).toMatch(message);
    expect(verdict.detail).toMatch(/not in force/);
  });

  it('fails when the probe could not run', () => {
    expect(judgeCanary(plan, { ran: false, why: 'exec failed' })).toEqual({
      ok: false,
      detail: 'the canary could not run: exec failed',
    });
  });
});
