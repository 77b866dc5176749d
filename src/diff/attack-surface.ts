import { syscallNumber } from '../kernel/syscalls.js';
import type { SeccompArch } from '../model/profile.js';
import type { ResolveContext } from '../profile/context.js';
import { allowedNames } from '../profile/decision.js';
import { HIGH_RISK_SYSCALLS } from './high-risk.js';
import type { ResolvedPolicy } from '../profile/resolve.js';

/** A high-risk syscall and why it matters. */
export interface RiskyCall {
  name: string;
  why: string;
}

/** Allowed-name counts of a baseline and a profile, over all names or one ABI. */
export interface SurfaceCounts {
  baselineAllowed: number;
  profileAllowed: number;
  /** Names the baseline allows that the profile does not. */
  removed: number;
  /** Names the profile allows that the baseline does not. */
  added: number;
  /** removed / baselineAllowed, in percent with one decimal. */
  percentRemoved: number;
}

/** The "attack surface removed" view of a profile against a baseline such as Docker's default. */
export interface AttackSurfaceSummary extends SurfaceCounts {
  context: ResolveContext;
  /** The same counts restricted to names that exist on the native ABI (e.g. x86_64). */
  nativeAbi: SurfaceCounts & { abi: SeccompArch };
  /** High-risk syscalls the baseline allows and the profile does not, sorted. */
  highRiskRemoved: RiskyCall[];
  /** High-risk syscalls the profile still allows (possibly with an argument filter), sorted. */
  highRiskAllowed: RiskyCall[];
}

/** Summarize how much of `baseline`'s allowed syscalls `profile` removes (both resolved for one context). */
export function summarizeAgainst(baseline: ResolvedPolicy, profile: ResolvedPolicy): AttackSurfaceSummary {
  const before = allowedNames(baseline);
  const after = allowedNames(profile);
  const abi = baseline.context.arch;
  const onAbi = (names: Set<string>) => new Set([...names].filter((name) => syscallNumber(abi, name) !== undefined));
  return {
    context: baseline.context,
    ...countSurface(before, after),
    nativeAbi: { abi, ...countSurface(onAbi(before), onAbi(after)) },
    highRiskRemoved: risky([...before].filter((name) => !after.has(name))),
    highRiskAllowed: risky([...after]),
  };
}

function countSurface(before: Set<string>, after: Set<string>): SurfaceCounts {
  const removed = [...before].filter((name) => !after.has(name)).length;
  const added = [...after].filter((name) => !before.has(name)).length;
  const percentRemoved = before.size === 0 ? 0 : Math.round((removed / before.size) * 1000) / 10;
  return { baselineAllowed: before.size, profileAllowed: after.size, removed, added, percentRemoved };
}

function risky(names: string[]): RiskyCall[] {
  return names
    .filter((name) => HIGH_RISK_SYSCALLS.has(name))
    .sort()
    .map((name) => ({ name, why: HIGH_RISK_SYSCALLS.get(name) ?? '' }));
}
