import type { SeccompArg } from '../model/profile.js';
import { toU64 } from '../profile/conditions.js';
import { decide, isPermissive } from '../profile/decision.js';
import { evaluateName } from '../profile/evaluate.js';
import type { ResolvedPolicy } from '../profile/resolve.js';

const U64_MAX = (1n << 64n) - 1n;
/** Above this many argument combinations we stop sampling and assume the filter may have widened. */
const MAX_SAMPLES = 20_000;

/**
 * Whether `after` lets `name` run for some arguments `before` refuses. Comparisons only change
 * their outcome at their datum, so testing each argument at 0, the maximum and every datum ±1
 * (plus mask/valueTwo combinations for MASKED_EQ) decides it exactly for EQ/NE/LT/LE/GT/GE
 * filters and approximately for masks. Too many combinations count as widened (the safe answer for a gate).
 */
export function widensArguments(before: ResolvedPolicy, after: ResolvedPolicy, name: string): boolean {
  const conditions = [before, after].flatMap((policy) => decide(policy, name).branches.flatMap((b) => b.when));
  const samples = sampleValues(conditions);
  const indexes = [...samples.keys()].sort((a, b) => a - b);
  const total = indexes.reduce((n, i) => n * (samples.get(i)?.length ?? 1), 1);
  if (total > MAX_SAMPLES) return true;
  const abi = before.context.arch;
  for (const combo of combinations(indexes.map((i) => samples.get(i) ?? [0n]))) {
    const args: bigint[] = [];
    indexes.forEach((index, k) => (args[index] = combo[k] ?? 0n));
    const filled = Array.from({ length: 6 }, (_, i) => args[i] ?? 0n);
    const was = isPermissive(evaluateName(before, name, filled, abi).action);
    const now = isPermissive(evaluateName(after, name, filled, abi).action);
    if (now && !was) return true;
  }
  return false;
}

function sampleValues(conditions: readonly SeccompArg[]): Map<number, bigint[]> {
  const byIndex = new Map<number, Set<bigint>>();
  for (const arg of conditions) {
    const set = byIndex.get(arg.index) ?? new Set<bigint>([0n, U64_MAX, 0xffffffffn]);
    const value = toU64(arg.value);
    for (const v of [value - 1n, value, value + 1n]) if (v >= 0n && v <= U64_MAX) set.add(v);
    if (arg.op === 'SCMP_CMP_MASKED_EQ') {
      const two = toU64(arg.valueTwo);
      for (const v of [two, value | two, value & ~two, two ^ value]) set.add(v & U64_MAX);
    }
    byIndex.set(arg.index, set);
  }
  return new Map([...byIndex].map(([index, set]) => [index, [...set]]));
}

function* combinations(lists: readonly bigint[][]): Generator<bigint[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const value of first ?? []) for (const tail of combinations(rest)) yield [value, ...tail];
}
