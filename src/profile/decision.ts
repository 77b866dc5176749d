import { errnoName } from '../kernel/errno.js';
import { allSyscallNames } from '../kernel/syscalls.js';
import type { SeccompAction, SeccompArg } from '../model/profile.js';
import { conditionGroups, formatGroup } from './conditions.js';
import type { ResolvedPolicy, ResolvedRule } from './resolve.js';

/** An action with the errno it returns (ERRNO/TRACE only; runc's default is EPERM). */
export interface Verdict {
  action: SeccompAction;
  errnoRet?: number;
}

/** One argument-conditioned alternative: `action` when every condition in `when` holds. */
export interface Branch extends Verdict {
  when: SeccompArg[];
}

/**
 * How the filter treats one syscall name: an unconditional verdict, or argument-conditioned
 * branches (falling back to the default action), or nothing (the default action).
 */
export interface SyscallDecision {
  unconditional?: Verdict;
  branches: Branch[];
}

const EPERM = 1;

/** The verdict a rule or default action stands for, with runc's errno default filled in. */
export function verdictOf(action: SeccompAction, errnoRet: number | undefined): Verdict {
  if (action === 'SCMP_ACT_ERRNO' || action === 'SCMP_ACT_TRACE') return { action, errnoRet: errnoRet ?? EPERM };
  return { action };
}

/** The policy's default verdict. */
export function defaultVerdict(policy: ResolvedPolicy): Verdict {
  return verdictOf(policy.defaultAction, policy.defaultErrnoRet);
}

/** Whether two verdicts are the same action returning the same errno. */
export function sameVerdict(a: Verdict, b: Verdict): boolean {
  return a.action === b.action && a.errnoRet === b.errnoRet;
}

/** ALLOW and LOG let the call run. */
export function isPermissive(action: SeccompAction): boolean {
  return action === 'SCMP_ACT_ALLOW' || action === 'SCMP_ACT_LOG';
}

/** "ALLOW", "ERRNO(ENOSYS)", "KILL_PROCESS", "TRACE(1)". */
export function formatVerdict(verdict: Verdict): string {
  const name = verdict.action.replace(/^SCMP_ACT_/, '');
  if (verdict.errnoRet === undefined) return name;
  if (verdict.action === 'SCMP_ACT_ERRNO') return `${name}(${errnoName(verdict.errnoRet) ?? verdict.errnoRet})`;
  return `${name}(${verdict.errnoRet})`;
}

const indexes = new WeakMap<ResolvedPolicy, Map<string, ResolvedRule[]>>();

/** The policy's rules by syscall name, in profile order (built once per policy). */
export function rulesByName(policy: ResolvedPolicy): ReadonlyMap<string, ResolvedRule[]> {
  let index = indexes.get(policy);
  if (!index) {
    index = new Map();
    for (const rule of policy.rules) {
      for (const name of rule.names) {
        const list = index.get(name);
        if (list) list.push(rule);
        else index.set(name, [rule]);
      }
    }
    indexes.set(policy, index);
  }
  return index;
}

/**
 * The decision for `name`, following runc + libseccomp:
 * - runc skips a rule whose action (and errno) equals the default action;
 * - libseccomp `db_rule_add`: a rule without arguments replaces any argument chains of the
 *   syscall, and once the syscall has an argument-free rule, later rules for it are dropped —
 *   so the first argument-free rule decides;
 * - otherwise every rule's argument groups (see `conditionGroups`) are alternatives.
 */
export function decide(policy: ResolvedPolicy, name: string): SyscallDecision {
  const fallback = defaultVerdict(policy);
  const rules = (rulesByName(policy).get(name) ?? []).filter(
    (rule) => !sameVerdict(verdictOf(rule.action, rule.errnoRet), fallback),
  );
  const plain = rules.find((rule) => !rule.args || rule.args.length === 0);
  if (plain) return { unconditional: verdictOf(plain.action, plain.errnoRet), branches: [] };
  const branches = rules.flatMap((rule) =>
    conditionGroups(rule.args).map((when) => ({ ...verdictOf(rule.action, rule.errnoRet), when })),
  );
  return { branches };
}

/** Whether a name can run: `allowed` unconditionally, `filtered` for some arguments, or `denied`. */
export type Reach = 'allowed' | 'filtered' | 'denied';

/** How `name` is treated, as a reach and a one-line description ("ALLOW if arg0 < 38 || arg0 > 40"). */
export function describeSyscall(policy: ResolvedPolicy, name: string): { reach: Reach; text: string } {
  const decision = decide(policy, name);
  const fallback = defaultVerdict(policy);
  if (decision.unconditional) {
    return {
      reach: isPermissive(decision.unconditional.action) ? 'allowed' : 'denied',
      text: formatVerdict(decision.unconditional),
    };
  }
  if (decision.branches.length === 0)
    return { reach: isPermissive(fallback.action) ? 'allowed' : 'denied', text: formatVerdict(fallback) };
  const reachable = isPermissive(fallback.action) || decision.branches.some((b) => isPermissive(b.action));
  const clauses = describeBranches(decision.branches);
  if (isPermissive(fallback.action)) clauses.push(`else ${formatVerdict(fallback)}`);
  return { reach: reachable ? 'filtered' : 'denied', text: clauses.join('; ') };
}

function describeBranches(branches: Branch[]): string[] {
  const byVerdict = new Map<string, string[]>();
  for (const branch of branches) {
    const label = formatVerdict(branch);
    const groups = byVerdict.get(label) ?? [];
    // The same condition written twice (or by two rules) says nothing more: show it once.
    const group = formatGroup(branch.when);
    if (!groups.includes(group)) groups.push(group);
    byVerdict.set(label, groups);
  }
  return [...byVerdict].map(([label, groups]) => {
    const parts = groups.map((g) => (groups.length > 1 && g.includes('&&') ? `(${g})` : g));
    return `${label} if ${parts.join(' || ')}`;
  });
}

/**
 * Every name whose treatment the policy defines: the names its rules mention, plus every known
 * syscall when the default action lets calls run (a denylist allows whatever it does not name).
 */
export function namesInScope(policy: ResolvedPolicy): Set<string> {
  const names = new Set(rulesByName(policy).keys());
  if (isPermissive(policy.defaultAction)) for (const name of allSyscallNames()) names.add(name);
  return names;
}

/** Names the policy lets run for at least some arguments (ALLOW or LOG, directly or by default). */
export function allowedNames(policy: ResolvedPolicy): Set<string> {
  const allowed = new Set<string>();
  for (const name of namesInScope(policy)) if (describeSyscall(policy, name).reach !== 'denied') allowed.add(name);
  return allowed;
}
