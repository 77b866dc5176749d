import type { Observation } from '../model/observation.js';
import type { SeccompArch, SeccompProfile } from '../model/profile.js';
import { sortUnique } from '../model/stable-order.js';
import { describeSyscall, isPermissive } from '../profile/decision.js';
import { coveredAbis } from '../profile/evaluate.js';
import { type ResolveContext, resolveProfile } from '../profile/resolve.js';

/** The base profile with the new evidence, and what the evidence asked for that the base decides. */
export interface Extension {
  profile: SeccompProfile;
  /** Observed names the new rule allows. */
  added: string[];
  /** Observed names a base rule denies or allows only for some arguments: kept so (`name: how`). */
  keptByBase: string[];
  /** ABIs the evidence used that the base's architectures do not cover (calls there are killed). */
  uncoveredAbis: SeccompArch[];
}

/** Every name the observation saw: the workload's calls and the runtime's, on any ABI. */
function observedNames(observation: Observation): string[] {
  const workload = Object.values(observation.syscalls).flatMap((calls) => Object.keys(calls ?? {}));
  const runtime = Object.values(observation.runtime?.syscalls ?? {}).flatMap((names) => names ?? []);
  return sortUnique([...workload, ...runtime]);
}

/**
 * Extend `base` with what `observation` saw, the way oci-seccomp-bpf-hook extends its `if:`
 * input: every rule of the base is kept exactly and in place; the observed names that no base
 * rule mentions (in any action, condition or capability filter) are allowed by one new rule
 * appended at the end. So a name the base denies, or allows only for some arguments or
 * capabilities, stays as the base has it — new evidence never overrides a decision in the base.
 * With an allow-by-default base nothing needs adding.
 */
export function extendProfile(
  base: SeccompProfile,
  observation: Observation,
  context: ResolveContext,
  comment: string,
): Extension {
  const mentioned = new Set(base.syscalls.flatMap((rule) => rule.names));
  const policy = resolveProfile(base, context);
  const names = observedNames(observation);
  const keptByBase = names
    .filter((n) => mentioned.has(n))
    .map((n) => ({ n, how: describeSyscall(policy, n) }))
    .filter(({ how }) => how.reach !== 'allowed')
    .map(({ n, how }) => `${n}: ${how.text}`);
  const added = isPermissive(base.defaultAction) ? [] : names.filter((n) => !mentioned.has(n));
  const covered = coveredAbis(policy);
  const used = sortUnique([...Object.keys(observation.syscalls), ...Object.keys(observation.runtime?.syscalls ?? {})]);
  const uncoveredAbis = used.filter((abi) => !covered.has(abi as SeccompArch)) as SeccompArch[];
  const syscalls =
    added.length > 0 ? [...base.syscalls, { names: added, action: 'SCMP_ACT_ALLOW' as const, comment }] : base.syscalls;
  return { profile: { ...base, syscalls }, added, keptByBase, uncoveredAbis };
}
