import { syscallName, syscallNumber } from '../kernel/syscalls.js';
import type { SeccompAction, SeccompArch } from '../model/profile.js';
import { groupHolds } from './conditions.js';
import { decide, defaultVerdict, type Verdict } from './decision.js';
import type { ResolvedPolicy } from './resolve.js';

/** Why `evaluate` returned what it did. */
export type EvaluationReason = 'rule' | 'default' | 'not-on-abi' | 'bad-arch';

/** The action the filter takes for one syscall invocation. */
export interface Evaluation extends Verdict {
  reason: EvaluationReason;
}

/**
 * The kernel's precedence when several actions could apply (seccomp(2), "RETURN VALUE" of
 * stacked filters): most restrictive first.
 */
export const PRECEDENCE: readonly SeccompAction[] = [
  'SCMP_ACT_KILL_PROCESS',
  'SCMP_ACT_KILL_THREAD',
  'SCMP_ACT_KILL',
  'SCMP_ACT_TRAP',
  'SCMP_ACT_ERRNO',
  'SCMP_ACT_NOTIFY',
  'SCMP_ACT_TRACE',
  'SCMP_ACT_LOG',
  'SCMP_ACT_ALLOW',
];

/** libseccomp's default bad-arch action, which runc keeps: a call from an ABI outside the filter is killed. */
const BAD_ARCH: Verdict = { action: 'SCMP_ACT_KILL' };

/** The ABIs the filter covers: the listed architectures plus the native (daemon) arch runc always adds. */
export function coveredAbis(policy: ResolvedPolicy): ReadonlySet<SeccompArch> {
  return new Set([policy.context.arch, ...policy.architectures]);
}

/**
 * What the resolved policy does with `syscall` (a name, or a number on `abi`) called with `args`
 * on ABI `abi` — a pure model of the filter runc builds with libseccomp (compare bpf-sim):
 * - an ABI the filter does not cover gets the bad-arch action (KILL);
 * - a name that does not exist on the ABI (or an unknown number) gets the default action;
 * - otherwise the decision of `decide` (first argument-free rule, else argument branches).
 *   When several branches match with different actions we return the most restrictive one:
 *   libseccomp orders argument chains by its own priority (argument index, operator, datum),
 *   not by profile order, so for overlapping chains we take the kernel's precedence
 *   (KILL_PROCESS > KILL > TRAP > ERRNO > NOTIFY > TRACE > LOG > ALLOW) and never report an
 *   ALLOW the real filter might not give. Among equal actions the first in profile order wins.
 * Missing arguments count as 0. On 32-bit ABIs only the low 32 bits are compared.
 */
export function evaluate(
  policy: ResolvedPolicy,
  abi: SeccompArch,
  syscall: string | number,
  args: readonly bigint[] = [],
): Evaluation {
  if (!coveredAbis(policy).has(abi)) return { ...BAD_ARCH, reason: 'bad-arch' };
  const name = typeof syscall === 'number' ? syscallName(abi, syscall) : syscall;
  if (name === undefined || syscallNumber(abi, name) === undefined)
    return { ...defaultVerdict(policy), reason: 'not-on-abi' };
  return evaluateName(policy, name, args, abi);
}

/** The decision part of `evaluate` for a name, without the ABI checks (used to compare filters by name). */
export function evaluateName(
  policy: ResolvedPolicy,
  name: string,
  args: readonly bigint[],
  abi: SeccompArch,
): Evaluation {
  const decision = decide(policy, name);
  if (decision.unconditional) return { ...decision.unconditional, reason: 'rule' };
  const matching = decision.branches.filter((branch) => groupHolds(branch.when, args, abi));
  if (matching.length === 0) return { ...defaultVerdict(policy), reason: 'default' };
  const winner = matching.reduce((best, next) => (rank(next.action) < rank(best.action) ? next : best));
  const verdict: Evaluation = { action: winner.action, reason: 'rule' };
  if (winner.errnoRet !== undefined) verdict.errnoRet = winner.errnoRet;
  return verdict;
}

function rank(action: SeccompAction): number {
  return PRECEDENCE.indexOf(action);
}
