import type { SeccompProfile, SyscallRule } from '../model/profile.js';

/** ENOSYS: rules returning it exist so that libc falls back to an older call (clone3 → clone). */
const ENOSYS = 38;

/**
 * The complain-mode profile: the profile's allowlist with every denial turned into
 * SCMP_ACT_LOG, so that each SECCOMP audit record of the run is a call the profile would deny,
 * while the workload carries on past it and reveals the next one.
 * - defaultAction: a denying default becomes LOG; a permissive one (ALLOW, LOG) becomes ALLOW.
 * - rules: ALLOW stays; LOG becomes ALLOW (the call is allowed, a record would be noise);
 *   ERRNO(ENOSYS) stays as it is (a deliberate fallback: logging it would let the call run and
 *   change the code path the workload takes); every other denial (ERRNO, KILL*, TRAP, TRACE,
 *   NOTIFY) becomes LOG.
 * - flags: SECCOMP_FILTER_FLAG_LOG is removed so the kept ENOSYS rules are not logged.
 */
export function toComplainProfile(profile: SeccompProfile): SeccompProfile {
  const permissiveDefault = profile.defaultAction === 'SCMP_ACT_ALLOW' || profile.defaultAction === 'SCMP_ACT_LOG';
  const complain: SeccompProfile = {
    ...profile,
    defaultAction: permissiveDefault ? 'SCMP_ACT_ALLOW' : 'SCMP_ACT_LOG',
    syscalls: profile.syscalls.map(toComplainRule),
  };
  delete complain.defaultErrnoRet;
  const flags = (profile.flags ?? []).filter((flag) => flag !== 'SECCOMP_FILTER_FLAG_LOG');
  if (flags.length > 0) complain.flags = flags;
  else delete complain.flags;
  return complain;
}

function toComplainRule(rule: SyscallRule): SyscallRule {
  switch (rule.action) {
    case 'SCMP_ACT_ALLOW':
      return { ...rule };
    case 'SCMP_ACT_LOG':
      return { ...rule, action: 'SCMP_ACT_ALLOW' };
    case 'SCMP_ACT_ERRNO':
      if (rule.errnoRet === ENOSYS) return { ...rule };
      return withoutErrno({ ...rule, action: 'SCMP_ACT_LOG' });
    default:
      return withoutErrno({ ...rule, action: 'SCMP_ACT_LOG' });
  }
}

function withoutErrno(rule: SyscallRule): SyscallRule {
  delete rule.errnoRet;
  return rule;
}
