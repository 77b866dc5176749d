import { sortUnique } from '../model/stable-order.js';
import type { SeccompArch } from '../model/profile.js';
import type { ResolveContext } from '../profile/context.js';
import { defaultVerdict, describeSyscall, formatVerdict, namesInScope, type Reach } from '../profile/decision.js';
import { coveredAbis } from '../profile/evaluate.js';
import type { ResolvedPolicy } from '../profile/resolve.js';
import { widensArguments } from './widening.js';

/** A syscall both policies treat differently without it becoming (un)reachable, or an action change. */
export interface SyscallChange {
  name: string;
  from: string;
  to: string;
}

/** What changed between two resolved policies, names sorted. */
export interface PolicyDiff {
  context: ResolveContext;
  /** Names the new policy lets run (at least for some arguments) that the old did not. */
  added: string[];
  /** Names the old policy let run that the new does not. */
  removed: string[];
  /** Names whose treatment changed otherwise: argument filters, ALLOW ↔ LOG, errno, kill vs errno. */
  changed: SyscallChange[];
  /** Names allowed before and after whose new filter lets through arguments the old one refused. */
  widened: string[];
  defaultAction: { from: string; to: string } | null;
  /** Both default actions, also when they are the same. */
  defaults: { from: string; to: string };
  /** ABIs the filter covers (architectures + the native arch runc adds) gained or lost. */
  architectures: { added: SeccompArch[]; removed: SeccompArch[] };
  /** How each added/removed name is treated on both sides (for renderers). */
  treatment: Record<string, { from: string; to: string }>;
}

/**
 * Compare two policies resolved for the same context. "Allowed" means reachable with ALLOW or
 * LOG, unconditionally or for some arguments; a default-action change is reported once in
 * `defaultAction`, not for every name neither policy mentions.
 */
export function diffPolicies(oldPolicy: ResolvedPolicy, newPolicy: ResolvedPolicy): PolicyDiff {
  const names = sortUnique([...namesInScope(oldPolicy), ...namesInScope(newPolicy)]);
  const result: PolicyDiff = {
    context: oldPolicy.context,
    added: [],
    removed: [],
    changed: [],
    widened: [],
    defaultAction: diffDefault(oldPolicy, newPolicy),
    defaults: { from: formatVerdict(defaultVerdict(oldPolicy)), to: formatVerdict(defaultVerdict(newPolicy)) },
    architectures: diffArchitectures([...coveredAbis(oldPolicy)], [...coveredAbis(newPolicy)]),
    // Keys are syscall names from the profiles: `__proto__` or `constructor` must stay plain keys.
    treatment: Object.create(null) as PolicyDiff['treatment'],
  };
  for (const name of names) {
    const before = describeSyscall(oldPolicy, name);
    const after = describeSyscall(newPolicy, name);
    const wasReachable = before.reach !== 'denied';
    const isReachable = after.reach !== 'denied';
    if (!wasReachable && isReachable) result.added.push(name);
    else if (wasReachable && !isReachable) result.removed.push(name);
    else if (before.text !== after.text) result.changed.push({ name, from: before.text, to: after.text });
    else continue;
    if (isReachable && wasReachable && widens(oldPolicy, newPolicy, name, before.reach, after.reach))
      result.widened.push(name);
    if (wasReachable !== isReachable) result.treatment[name] = { from: before.text, to: after.text };
  }
  return result;
}

function widens(
  oldPolicy: ResolvedPolicy,
  newPolicy: ResolvedPolicy,
  name: string,
  before: Reach,
  after: Reach,
): boolean {
  if (after === 'allowed') return before === 'filtered';
  return before === 'filtered' && widensArguments(oldPolicy, newPolicy, name);
}

/** Whether the new policy lets anything run that the old did not: added names or widened argument filters. */
export function allowsMore(diff: PolicyDiff): boolean {
  return diff.added.length > 0 || diff.widened.length > 0;
}

/** Whether a diff found nothing at all. */
export function isEmptyDiff(diff: PolicyDiff): boolean {
  return (
    diff.added.length === 0 &&
    diff.removed.length === 0 &&
    diff.changed.length === 0 &&
    diff.widened.length === 0 &&
    diff.defaultAction === null &&
    diff.architectures.added.length === 0 &&
    diff.architectures.removed.length === 0
  );
}

function diffDefault(oldPolicy: ResolvedPolicy, newPolicy: ResolvedPolicy): PolicyDiff['defaultAction'] {
  const from = formatVerdict(defaultVerdict(oldPolicy));
  const to = formatVerdict(defaultVerdict(newPolicy));
  return from === to ? null : { from, to };
}

function diffArchitectures(before: SeccompArch[], after: SeccompArch[]): PolicyDiff['architectures'] {
  const old = new Set(before);
  const now = new Set(after);
  return {
    added: sortUnique(after.filter((a) => !old.has(a))) as SeccompArch[],
    removed: sortUnique(before.filter((a) => !now.has(a))) as SeccompArch[],
  };
}
