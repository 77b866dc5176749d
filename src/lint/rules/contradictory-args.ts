import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import type { ArgView } from '../view.js';
import { ruleMeta } from '../rule-catalog.js';

const U64_MAX = (1n << 64n) - 1n;

/** Several comparisons on the same argument in one rule: impossible together, or read differently by runc. */
export const contradictoryArgs: LintRule = {
  meta: ruleMeta('contradictory-args'),
  check({ view }) {
    const reports: Report[] = [];
    for (const rule of view.syscalls) {
      const byIndex = new Map<number, ArgView[]>();
      for (const arg of rule.args)
        if (arg.index !== undefined) byIndex.set(arg.index, [...(byIndex.get(arg.index) ?? []), arg]);
      for (const [index, args] of byIndex) {
        if (args.length < 2) continue;
        const text = args.map((a) => `${(a.op ?? '?').replace('SCMP_CMP_', '')} ${a.value ?? '?'}`).join(' and ');
        const later = args[1]!;
        if (!satisfiable(args)) {
          reports.push({
            severity: 'error',
            message: `argument ${index} is compared ${args.length} times (${text}); these can never all hold, so under the OCI spec (AND) the rule never matches, while runc treats them as alternatives (OR)`,
            pointer: later.pointer,
            hint: "put each alternative in a rule of its own, as Docker's default does for personality",
          });
        } else {
          reports.push({
            severity: 'warning',
            message: `argument ${index} is compared ${args.length} times (${text}); the OCI spec ANDs them, but runc adds each as a separate rule (OR), which matches far more`,
            pointer: later.pointer,
            hint: 'split alternatives into separate rules; express a range with one comparison per rule boundary only when OR is what you want',
          });
        }
      }
    }
    return reports;
  },
};

/** Whether some uint64 satisfies every comparison (exact for EQ/NE/ranges/mask conflicts, optimistic otherwise). */
export function satisfiable(args: ArgView[]): boolean {
  let lo = 0n;
  let hi = U64_MAX;
  let eq: bigint | undefined;
  const ne = new Set<bigint>();
  const masks: [bigint, bigint][] = [];
  for (const { op, value, valueTwo } of args) {
    if (value === undefined) continue;
    if (op === 'SCMP_CMP_EQ') {
      if (eq !== undefined && eq !== value) return false;
      eq = value;
    } else if (op === 'SCMP_CMP_NE') ne.add(value);
    else if (op === 'SCMP_CMP_LT') hi = value === 0n ? -1n : minOf(hi, value - 1n);
    else if (op === 'SCMP_CMP_LE') hi = minOf(hi, value);
    else if (op === 'SCMP_CMP_GT') lo = maxOf(lo, value + 1n);
    else if (op === 'SCMP_CMP_GE') lo = maxOf(lo, value);
    else if (op === 'SCMP_CMP_MASKED_EQ') masks.push([value, valueTwo ?? 0n]);
  }
  if (lo > hi) return false;
  for (const [i, [m1, t1]] of masks.entries()) {
    for (const [m2, t2] of masks.slice(i + 1)) if ((m1 & m2 & (t1 ^ t2)) !== 0n) return false;
  }
  if (eq !== undefined) return eq >= lo && eq <= hi && !ne.has(eq) && masks.every(([m, t]) => (eq! & m) === t);
  if (lo === hi && ne.has(lo)) return false;
  return true;
}

function minOf(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
