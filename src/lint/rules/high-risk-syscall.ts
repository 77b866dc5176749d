import { HIGH_RISK_SYSCALLS } from '../../diff/high-risk.js';
import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { isPermissive, reachOf } from '../conditions.js';
import type { RuleView } from '../view.js';
import { ruleMeta } from '../rule-catalog.js';

/** clone/clone3 have their own rule (clone-namespace), which knows what a good filter looks like. */
const OWN_RULE = new Set(['clone', 'clone3']);

/** High-risk syscalls allowed without argument filters; info when only a capability (or host) unlocks them. */
export const highRiskSyscall: LintRule = {
  meta: ruleMeta('high-risk-syscall'),
  check({ view, options }) {
    const reports: Report[] = [];
    for (const rule of view.syscalls) {
      if (!isPermissive(rule.action?.value) || rule.args.length > 0) continue;
      const reach = reachOf(rule, options);
      if (reach.kind === 'never') continue;
      for (const name of rule.names) {
        const why = HIGH_RISK_SYSCALLS.get(name.value);
        if (why === undefined || OWN_RULE.has(name.value)) continue;
        const condition = reach.kind === 'conditional' ? ` (${reach.condition})` : kernelNote(rule);
        reports.push({
          severity: reach.kind === 'conditional' ? 'info' : 'warning',
          message: `${name.value} is allowed without argument filters${condition}: ${why}`,
          pointer: name.pointer,
          hint:
            reach.kind === 'conditional'
              ? 'fine if the condition is what guards it; grant that capability only to workloads that need it'
              : 'remove it unless the workload needs it; if it does, put it behind the capability that guards it (includes.caps) or filter its arguments',
        });
      }
    }
    return reports;
  },
};

function kernelNote(rule: RuleView): string {
  const min = rule.includes?.minKernel?.value;
  return min === undefined ? '' : ` (on kernels ≥ ${min})`;
}
