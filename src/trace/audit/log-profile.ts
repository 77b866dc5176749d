import { stringifyExact } from '../../model/exact-json.js';
import type { SeccompProfile, SyscallRule } from '../../model/profile.js';

/**
 * The recording profile for the audit backend: the baseline with every SCMP_ACT_ALLOW (rules and
 * default) turned into SCMP_ACT_LOG, so each call the baseline would allow still runs and is
 * logged, while every call the baseline denies keeps its action (ERRNO, KILL, ...): the workload
 * behaves as in production (glibc's clone3 → clone fallback and the like) and seccompose sees
 * it. `null` (unconfined) becomes "log everything". SECCOMP_FILTER_FLAG_LOG is added so that
 * engines which pass profile flags to the runtime also log the baseline's denials (Docker 20.10
 * does not pass flags: there only KILL actions are logged).
 */
export function toLogProfile(baseline: SeccompProfile | null): SeccompProfile {
  if (baseline === null) return { defaultAction: 'SCMP_ACT_LOG', syscalls: [] };
  const flags = [...new Set([...(baseline.flags ?? []), 'SECCOMP_FILTER_FLAG_LOG' as const])].sort();
  return {
    ...baseline,
    defaultAction: baseline.defaultAction === 'SCMP_ACT_ALLOW' ? 'SCMP_ACT_LOG' : baseline.defaultAction,
    flags,
    syscalls: baseline.syscalls.map(toLogRule),
  };
}

function toLogRule(rule: SyscallRule): SyscallRule {
  return rule.action === 'SCMP_ACT_ALLOW' ? { ...rule, action: 'SCMP_ACT_LOG' } : { ...rule };
}

/** The profile as the JSON Docker reads (`--security-opt seccomp=FILE`). */
export function logProfileJson(profile: SeccompProfile): string {
  return `${stringifyExact(profile, 2)}\n`;
}
