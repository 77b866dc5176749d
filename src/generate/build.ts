import type { SeccompAction, SeccompArch, SeccompProfile, SyscallRule } from '../model/profile.js';
import { observedAbis, type MergedEvidence } from '../observation/merge.js';
import { sortUnique } from '../model/stable-order.js';
import { FILTERED_SYSCALLS, planArgFilter } from './arg-filters.js';
import { ENOSYS, FALLBACKS } from './fallbacks.js';
import { provenanceComment, type EvidenceItem, type ExplainEntry } from './provenance.js';
import { abisOfFamilies, archMapOf, targetFamilies } from './target-arches.js';
import { existsOn, profileEvidence } from './evidence.js';
import { allowRules } from './family-rules.js';
import type { CrossAbiNote } from './translate-evidence.js';

/** How to turn evidence into a profile (the `generate` flags). */
export interface BuildOptions {
  defaultAction: SeccompAction;
  /** Only with SCMP_ACT_ERRNO (default EPERM = 1). */
  defaultErrnoRet?: number;
  /** Families the user asked for (--arch); default: the families of the observed ABIs. */
  architectures?: readonly SeccompArch[];
  includeBlocked: boolean;
  runtimeSyscalls: boolean;
  /** The capabilities the emitted fragment adds (decides clone's namespace filter when flags are unknown). */
  capAdd: readonly string[];
  native: SeccompArch;
}

/** The profile, why each syscall is in it, and what was left out. */
export interface BuildResult {
  profile: SeccompProfile;
  explain: ExplainEntry[];
  /** Blocked attempts not included (without --include-blocked), by name. */
  blockedLeftOut: string[];
  /** Names no target ABI knows (dropped: libseccomp would reject them). */
  unknownNames: string[];
  /** Calls translated for families the workload was not observed on: renamed, not needed, or lossy. */
  crossAbi: CrossAbiNote[];
}

function blockedNames(merged: MergedEvidence): string[] {
  return sortUnique(Object.values(merged.blocked).flatMap((calls) => Object.keys(calls ?? {})));
}

/** Evidence that is a call of `name` itself that ran (also when carried over to another ABI unchanged). */
function isObservedCall(item: EvidenceItem, name: string): boolean {
  return item.kind === 'observed' || (item.kind === 'translated' && item.basis === 'observed' && item.from === name);
}

/**
 * Fallback syscalls whose every observed call failed (e.g. clone3 answered ENOSYS by Docker's
 * default during recording): the workload ran on libc's fallback, so they get ENOSYS again rather
 * than an ALLOW wider than the baseline. Only when nothing else (runtime set, --include-blocked) needs them.
 */
function failedFallbacks(merged: MergedEvidence, evidence: ReadonlyMap<string, EvidenceItem[]>): Map<string, string> {
  const failed = new Map<string, string>();
  for (const { name } of FALLBACKS) {
    const items = evidence.get(name);
    if (!items || items.some((item) => !isObservedCall(item, name))) continue;
    const calls = Object.values(merged.syscalls)
      .map((perAbi) => perAbi?.[name])
      .filter((c) => c !== undefined);
    const count = calls.reduce((n, c) => n + c.count, 0);
    const errors = calls.reduce((n, c) => n + c.errors, 0);
    if (count > 0 && errors >= count)
      failed.set(name, `every observed call failed (${errors}/${count}), so libc used its fallback`);
  }
  return failed;
}

/** The ENOSYS rule for fallback syscalls that were not allowed, unless the default already answers ENOSYS. */
function fallbackRule(
  allowed: ReadonlySet<string>,
  architectures: readonly SeccompArch[],
  options: BuildOptions,
): SyscallRule | undefined {
  if (options.defaultAction === 'SCMP_ACT_ERRNO' && (options.defaultErrnoRet ?? 1) === ENOSYS) return undefined;
  const names = FALLBACKS.filter((f) => !allowed.has(f.name) && existsOn(f.name, architectures)).map((f) => f.name);
  if (names.length === 0) return undefined;
  return {
    names: sortUnique(names),
    action: 'SCMP_ACT_ERRNO',
    errnoRet: ENOSYS,
    comment: 'libc fallbacks: ENOSYS so that a newer libc falls back instead of failing (see README)',
  };
}

/**
 * Build the minimal profile from merged evidence: allow exactly the observed syscalls (plus the
 * runtime set, plus blocked attempts when asked), argument filters for high-risk calls, ENOSYS
 * for libc's fallback calls, architectures for every observed ABI family (an archMap for the
 * families named with --arch; a family the workload was not observed on gets the cross-ABI
 * translation of the evidence), provenance in the first rule's comment. Pure: the same evidence and options always give the same profile.
 */
export function buildProfile(merged: MergedEvidence, options: BuildOptions): BuildResult {
  const observed = observedAbis(merged);
  const families = targetFamilies(observed, options.native, options.architectures);
  const architectures = abisOfFamilies(families);
  const {
    byName: evidence,
    unknownNames,
    crossAbi,
    crossFamilies,
  } = profileEvidence(merged, observed, families, options);
  const failed = failedFallbacks(merged, evidence);
  const names = sortUnique([...evidence.keys()].filter((name) => !failed.has(name)));
  const explain: ExplainEntry[] = [];
  const unconditional: string[] = [];
  const filtered: SyscallRule[] = [];
  const ctx = { architectures, sysAdmin: options.capAdd.includes('CAP_SYS_ADMIN') };
  for (const name of names) {
    const plan = FILTERED_SYSCALLS.includes(name) ? planArgFilter(name, merged.args[name], ctx) : undefined;
    if (plan && plan.rules.length > 0) filtered.push(...plan.rules);
    else unconditional.push(name);
    const rule = plan && plan.rules.length > 0 ? 'filtered' : 'allow';
    explain.push({ name, rule, evidence: evidence.get(name)!, ...(plan ? { filter: plan.note } : {}) });
  }
  const rules: SyscallRule[] = [];
  rules.push(...allowRules(unconditional, evidence, families, crossFamilies));
  rules.push(...filtered);
  const enosys = fallbackRule(new Set(names), architectures, options);
  if (enosys) {
    rules.push(enosys);
    for (const name of enosys.names) {
      const entry = FALLBACKS.find((f) => f.name === name)!;
      const why = failed.get(name);
      const reason = `${why ? `${why}; ` : ''}${entry.library}; falls back to ${entry.fallback}`;
      explain.push({ name, rule: 'enosys', evidence: [...(evidence.get(name) ?? []), { kind: 'fallback', reason }] });
    }
  }
  const runtimeSources = options.runtimeSyscalls
    ? sortUnique(Object.values(merged.runtime).flatMap((m) => Object.values(m ?? {}).flat()))
    : [];
  const extras = runtimeSources.map((source) => `runtime set: ${source}`);
  if (rules.length > 0) rules[0] = { ...rules[0]!, comment: provenanceComment(merged, extras) };
  const profile: SeccompProfile = {
    defaultAction: options.defaultAction,
    ...(options.defaultAction === 'SCMP_ACT_ERRNO' ? { defaultErrnoRet: options.defaultErrnoRet ?? 1 } : {}),
    ...(options.architectures && options.architectures.length > 0
      ? { archMap: archMapOf(families) }
      : { architectures }),
    syscalls: rules,
  };
  const blockedLeftOut = options.includeBlocked ? [] : blockedNames(merged).filter((n) => !names.includes(n));
  return {
    profile,
    explain: explain.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    blockedLeftOut,
    unknownNames,
    crossAbi,
  };
}
