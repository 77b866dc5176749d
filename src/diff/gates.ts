import type { ProfileComparison } from './comparison.js';
import { allowsMore, isEmptyDiff } from './diff.js';
import type { DiffGate } from './gate-names.js';

/** One tripped gate and what tripped it. */
export interface GateFailure {
  gate: DiffGate;
  reason: string;
}

/**
 * The gates the comparison fails (empty: it passes): `added` — the new side
 * lets anything run the old did not (an added name or a widened argument filter); `high-risk` —
 * one of those is a high-risk syscall; `caps` — the new side grants a capability the old did not.
 */
export function failedGates(comparison: ProfileComparison, gates: readonly DiffGate[]): GateFailure[] {
  const failures: GateFailure[] = [];
  const { diff, risksAdded, capabilities } = comparison;
  if (gates.includes('added') && allowsMore(diff))
    failures.push({
      gate: 'added',
      reason: `${diff.added.length} syscall(s) newly allowed, ${diff.widened.length} argument filter(s) widened`,
    });
  if (gates.includes('high-risk') && risksAdded.length > 0)
    failures.push({
      gate: 'high-risk',
      reason: `high-risk syscall(s) newly allowed: ${risksAdded.map((r) => r.name).join(', ')}`,
    });
  if (gates.includes('caps') && capabilities !== undefined && capabilities.added.length > 0)
    failures.push({ gate: 'caps', reason: `capabilities added: ${capabilities.added.join(', ')}` });
  return failures;
}

/** Whether the two sides differ at all: syscalls, default action, ABIs or capabilities (`--exit-code`). */
export function hasDifferences(comparison: ProfileComparison): boolean {
  const caps = comparison.capabilities;
  return !isEmptyDiff(comparison.diff) || (caps !== undefined && (caps.added.length > 0 || caps.removed.length > 0));
}
