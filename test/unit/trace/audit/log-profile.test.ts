import { describe, expect, it } from 'vitest';
import type { SeccompProfile } from '../../../../src/model/profile.js';
import { parseProfile } from '../../../../src/profile/read.js';
import { logProfileJson, toLogProfile } from '../../../../src/trace/audit/log-profile.js';
import { readReference } from '../../../helpers/reference.js';

const dockerDefault = parseProfile(readReference('docker-default.json'), 'docker-default.json');

describe('toLogProfile', () => {
  const logged = toLogProfile(dockerDefault);

  it('turns every ALLOW rule into LOG and leaves every other rule as it was', () => {
    expect(logged.syscalls).toHaveLength(dockerDefault.syscalls.length);
    dockerDefault.syscalls.forEach((rule, i) => {
      const out = logged.syscalls[i]!;
      expect(out.names).toEqual(rule.names);
      expect(out.args).toEqual(rule.args);
      expect(out.includes).toEqual(rule.includes);
      expect(out.excludes).toEqual(rule.excludes);
      expect(out.errnoRet).toEqual(rule.errnoRet);
      expect(out.action).toBe(rule.action === 'SCMP_ACT_ALLOW' ? 'SCMP_ACT_LOG' : rule.action);
    });
    expect(logged.syscalls.some((r) => r.action === 'SCMP_ACT_ERRNO')).toBe(true);
    expect(logged.syscalls.some((r) => r.action === 'SCMP_ACT_ALLOW')).toBe(false);
  });

  it('keeps a denying default action, its errno and the arch map', () => {
    expect(logged.defaultAction).toBe(dockerDefault.defaultAction);
    expect(logged.defaultErrnoRet).toBe(dockerDefault.defaultErrnoRet);
    expect(logged.archMap).toEqual(dockerDefault.archMap);
  });

  it('asks for denials to be logged too (SECCOMP_FILTER_FLAG_LOG), keeping existing flags', () => {
    expect(logged.flags).toEqual(['SECCOMP_FILTER_FLAG_LOG']);
    const withFlags: SeccompProfile = { ...dockerDefault, flags: ['SECCOMP_FILTER_FLAG_SPEC_ALLOW'] };
    expect(toLogProfile(withFlags).flags).toEqual(['SECCOMP_FILTER_FLAG_LOG', 'SECCOMP_FILTER_FLAG_SPEC_ALLOW']);
  });

  it('turns an allowing default into LOG (a denylist profile)', () => {
    const denylist: SeccompProfile = {
      defaultAction: 'SCMP_ACT_ALLOW',
      syscalls: [{ names: ['ptrace'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
    };
    expect(toLogProfile(denylist)).toMatchObject({ defaultAction: 'SCMP_ACT_LOG', syscalls: denylist.syscalls });
  });

  it('logs everything for the unconfined baseline', () => {
    expect(toLogProfile(null)).toEqual({ defaultAction: 'SCMP_ACT_LOG', syscalls: [] });
  });

  it('writes JSON that reads back as the same profile', () => {
    expect(parseProfile(logProfileJson(logged), 'log.json')).toEqual(logged);
  });

  it('does not modify the baseline', () => {
    expect(dockerDefault.syscalls.some((r) => r.action === 'SCMP_ACT_ALLOW')).toBe(true);
  });
});
