import type { ProfileComparison } from './compare.js';
import { allowsMore, isEmptyDiff } from './diff.js';

/** What `diff --fail-on` can gate on. */
export const DIFF_GATES = ['added', 'high-risk', 'caps'] as const;
export type DiffGate = (typeof DIFF_GATES)[number];

/**
 * The reasons the comparison fails the given gates (empty: it passes): `added` — the new side
 * lets anything run the old did not (an added name or a widened argument filter); `high-risk` —
 * one of those is a high-risk syscall; `caps` — the new side grants a capability the old did not.
 */
export function failedGates(comparison: ProfileComparison, gates: readonly DiffGate[]): string[] {
  const reasons: string[] = [];
  const { diff, risksAdded, capabilities } = comparison;
  if (gates.includes('added') && allowsMore(diff))
    reasons.push(
      `${diff.added.length} syscall(s) newly allowed, ${diff.widened.length} argument filter(s) widened (--fail-on added)`,
    );
  if (gates.includes('high-risk') && risksAdded.length > 0)
    reasons.push(
      `high-risk syscall(s) newly allowed: ${risksAdded.map((r) => r.name).join(', ')} (--fail-on high-risk)`,
    );
  if (gates.includes('caps') && capabilities !== undefined && capabilities.added.length > 0)
    reasons.push(`capabilities added: ${capabilities.added.join(', ')} (--fail-on caps)`);
  return reasons;
}

/** Whether the two sides differ at all: syscalls, default action, ABIs or capabilities (`--exit-code`). */
export function hasDifferences(comparison: ProfileComparison): boolean {
  const caps = comparison.capabilities;
  return !isEmptyDiff(comparison.diff) || (caps !== undefined && (caps.added.length > 0 || caps.removed.length > 0));
}
