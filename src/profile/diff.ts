import { sortUnique } from '../emit/serialize.js';
import type { SeccompArch } from '../model/profile.js';
import type { ResolveContext } from './context.js';
import { defaultVerdict, describeSyscall, formatVerdict, namesInScope } from './decision.js';
import { coveredAbis } from './evaluate.js';
import type { ResolvedPolicy } from './resolve.js';

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
  defaultAction: { from: string; to: string } | null;
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
    defaultAction: diffDefault(oldPolicy, newPolicy),
    architectures: diffArchitectures([...coveredAbis(oldPolicy)], [...coveredAbis(newPolicy)]),
    treatment: {},
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
    if (wasReachable !== isReachable) result.treatment[name] = { from: before.text, to: after.text };
  }
  return result;
}

/** Whether a diff found nothing at all. */
export function isEmptyDiff(diff: PolicyDiff): boolean {
  return (
    diff.added.length === 0 &&
    diff.removed.length === 0 &&
    diff.changed.length === 0 &&
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
