import { errnoName } from '../../kernel/errno.js';
import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { isUnconditional } from '../conditions.js';
import type { RuleView } from '../view.js';
import { ruleMeta } from '../rule-catalog.js';

/** Two unconditional rules give one syscall different actions: the profile contradicts itself. */
export const conflictingActions: LintRule = {
  meta: ruleMeta('conflicting-actions'),
  check({ view }) {
    const reports: Report[] = [];
    const first = new Map<string, { rule: RuleView; label: string }>();
    for (const rule of view.syscalls) {
      if (!isUnconditional(rule) || rule.action === undefined) continue;
      const label = describeAction(rule);
      for (const name of rule.names) {
        const earlier = first.get(name.value);
        if (earlier === undefined) first.set(name.value, { rule, label });
        else if (earlier.label !== label) {
          reports.push({
            severity: 'error',
            message: `"${name.value}" is ${earlier.label} in ${earlier.rule.pointer} but ${label} here`,
            pointer: name.pointer,
            hint: 'decide on one action and delete the other; use args or includes/excludes if the two are meant for different cases',
          });
        }
      }
    }
    return reports;
  },
};

/** "SCMP_ACT_ERRNO(EPERM)" style label; ERRNO without errnoRet means EPERM. */
export function describeAction(rule: RuleView): string {
  const action = rule.action?.value ?? 'unknown';
  if (action !== 'SCMP_ACT_ERRNO' && action !== 'SCMP_ACT_TRACE') return action;
  const errno = rule.errnoRet?.value ?? (action === 'SCMP_ACT_ERRNO' ? 1 : undefined);
  if (errno === undefined) return action;
  return `${action}(${errnoName(errno) ?? errno})`;
}
