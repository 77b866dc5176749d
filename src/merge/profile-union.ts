import { InputError } from '../errors.js';
import { ARCHES, type SeccompArch, type SeccompProfile, type SyscallRule } from '../model/profile.js';
import { sortKeys, sortUnique, stableJson } from '../model/stable-order.js';
import { abiFamily } from '../observation/sources.js';
import {
  type Branch,
  decide,
  defaultVerdict,
  formatVerdict,
  isPermissive,
  rulesByName,
  type SyscallDecision,
  type Verdict,
} from '../profile/decision.js';
import { PRECEDENCE } from '../profile/evaluate.js';
import { type ResolveContext, type ResolvedPolicy, resolveProfile } from '../profile/resolve.js';

/** One profile to merge, with the label messages and provenance cite it by. */
export interface ProfileInput {
  label: string;
  profile: SeccompProfile;
}

/** The union and what it could not keep exactly. */
export interface ProfileUnion {
  profile: SeccompProfile;
  /** Names whose argument filters could not be unioned exactly: the union allows more for some arguments. */
  widened: string[];
}

const canonical = (value: unknown): string => stableJson(sortKeys(value));

/** Least restrictive first is what a union keeps: the kernel's precedence read backwards, then the larger errno. */
function leastRestrictive(verdicts: readonly Verdict[]): Verdict {
  return [...verdicts].sort(
    (a, b) => PRECEDENCE.indexOf(b.action) - PRECEDENCE.indexOf(a.action) || (b.errnoRet ?? 0) - (a.errnoRet ?? 0),
  )[0]!;
}

function uniqueBranches(branches: readonly Branch[]): Branch[] {
  const byKey = new Map(branches.map((b) => [canonical(b), b] as const));
  return [...byKey.keys()].sort().map((key) => byKey.get(key)!);
}

/** A decision with both allowing and denying argument branches (most restrictive match wins). */
const isMixed = (d: SyscallDecision): boolean =>
  d.branches.some((b) => isPermissive(b.action)) && d.branches.some((b) => !isPermissive(b.action));

/**
 * What the union does with one name when the default denies: allowed wherever any input allows
 * it. Exact unless an input filters the name with both allowing and denying argument branches
 * (the most restrictive match wins, and their overlap is not computed): then only the allowing
 * branches are kept, which allows more for some arguments, and the name is reported as widened.
 */
function unionWhenDenying(decisions: readonly SyscallDecision[]): { decision: SyscallDecision; widened: boolean } {
  const plainAllow = decisions.flatMap((d) =>
    d.unconditional && isPermissive(d.unconditional.action) ? [d.unconditional] : [],
  );
  if (plainAllow.length > 0)
    return { decision: { unconditional: leastRestrictive(plainAllow), branches: [] }, widened: false };
  const filtered = decisions.filter((d) => !d.unconditional && d.branches.length > 0);
  const allowBranches = filtered.flatMap((d) => d.branches.filter((b) => isPermissive(b.action)));
  if (allowBranches.length === 0) {
    // No input lets it run: denied everywhere; an unconditional denial (an ENOSYS fallback) wins.
    const plainDeny = decisions.flatMap((d) => (d.unconditional ? [d.unconditional] : []));
    if (plainDeny.length > 0)
      return { decision: { unconditional: leastRestrictive(plainDeny), branches: [] }, widened: false };
    return { decision: { branches: uniqueBranches(filtered.flatMap((d) => d.branches)) }, widened: false };
  }
  return { decision: { branches: uniqueBranches(allowBranches) }, widened: filtered.some(isMixed) };
}

/** When the default allows: denied only where every input denies it. */
function unionWhenAllowing(decisions: readonly SyscallDecision[]): { decision: SyscallDecision; widened: boolean } {
  const allowed = { decision: { branches: [] }, widened: false };
  if (decisions.some((d) => (d.unconditional ? isPermissive(d.unconditional.action) : d.branches.length === 0)))
    return allowed;
  const conditional = decisions.filter((d) => !d.unconditional);
  if (conditional.length === 0)
    return {
      decision: { unconditional: leastRestrictive(decisions.map((d) => d.unconditional!)), branches: [] },
      widened: false,
    };
  const keys = new Set(conditional.map((d) => canonical(uniqueBranches(d.branches))));
  if (keys.size === 1) return { decision: { branches: uniqueBranches(conditional[0]!.branches) }, widened: false };
  return { ...allowed, widened: true };
}

function checkDefaults(policies: readonly ResolvedPolicy[], inputs: readonly ProfileInput[]): Verdict {
  const defaults = policies.map(defaultVerdict);
  const first = defaults[0]!;
  if (defaults.some((d) => canonical(d) !== canonical(first)))
    throw new InputError(
      `the profiles have different default actions (${inputs.map((input, i) => `${input.label}: ${formatVerdict(defaults[i]!)}`).join(', ')}), so "allowed by any of them" is not one profile`,
      {
        hint: 'merge profiles built the same way (seccompose generate writes ERRNO(EPERM)), or merge their observations instead',
      },
    );
  const listeners = new Set(inputs.map(({ profile }) => canonical([profile.listenerPath, profile.listenerMetadata])));
  if (listeners.size > 1)
    throw new InputError('the profiles name different seccomp agents (listenerPath, listenerMetadata)', {
      hint: 'a filter has one notify listener; merge profiles that share it',
    });
  return first;
}

/** Refuse profiles for different machines: their architectures belong to different native ABIs. */
export function profileArches(policy: ResolvedPolicy): SeccompArch[] {
  return sortUnique(policy.architectures.map((abi) => abiFamily(abi) ?? abi)) as SeccompArch[];
}

function rulesOf(decision: SyscallDecision): { key: string; rule: Omit<SyscallRule, 'names'> }[] {
  const rule = (verdict: Verdict, args: Branch['when'] = []) => ({
    action: verdict.action,
    ...(verdict.errnoRet !== undefined ? { errnoRet: verdict.errnoRet } : {}),
    ...(args.length > 0 ? { args: args.map((a) => ({ ...a })) } : {}),
  });
  const parts = decision.unconditional ? [rule(decision.unconditional)] : decision.branches.map((b) => rule(b, b.when));
  return parts.map((part) => ({ key: canonical(part), rule: part }));
}

/**
 * The union of profiles, each resolved for `context` first (archMap, includes/excludes by caps,
 * arch and kernel, exactly as dockerd applies them): a syscall is allowed, for given arguments,
 * when any input allows it. Profiles must share the default action. The result is a plain
 * profile (no conditions left), deterministic whatever the input order.
 */
export function unionProfiles(inputs: readonly ProfileInput[], context: ResolveContext): ProfileUnion {
  const policies = inputs.map(({ profile }) => resolveProfile(profile, context));
  const fallback = checkDefaults(policies, inputs);
  const names = sortUnique(policies.flatMap((p) => [...rulesByName(p).keys()]));
  const groups = new Map<string, { rule: Omit<SyscallRule, 'names'>; names: string[] }>();
  const widened: string[] = [];
  for (const name of names) {
    const decisions = policies.map((p) => decide(p, name));
    const { decision, widened: inexact } = isPermissive(fallback.action)
      ? unionWhenAllowing(decisions)
      : unionWhenDenying(decisions);
    if (inexact) widened.push(name);
    for (const { key, rule } of rulesOf(decision)) {
      const group = groups.get(key) ?? { rule, names: [] };
      group.names.push(name);
      groups.set(key, group);
    }
  }
  const architectures = sortUnique(policies.flatMap((p) => p.architectures)).sort(
    (a, b) => ARCHES.indexOf(a as SeccompArch) - ARCHES.indexOf(b as SeccompArch),
  ) as SeccompArch[];
  const flags = sortUnique(inputs.flatMap(({ profile }) => profile.flags ?? []));
  const { listenerPath, listenerMetadata } = inputs[0]!.profile;
  const profile: SeccompProfile = {
    defaultAction: fallback.action,
    ...(fallback.errnoRet !== undefined && inputs.some(({ profile }) => profile.defaultErrnoRet !== undefined)
      ? { defaultErrnoRet: fallback.errnoRet }
      : {}),
    ...(architectures.length > 0 ? { architectures } : {}),
    ...(flags.length > 0 ? { flags: flags as SeccompProfile['flags'] } : {}),
    ...(listenerPath !== undefined ? { listenerPath } : {}),
    ...(listenerMetadata !== undefined ? { listenerMetadata } : {}),
    syscalls: [...groups.keys()].sort().map((key) => ({ names: groups.get(key)!.names, ...groups.get(key)!.rule })),
  };
  return { profile, widened };
}
