import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { isUnconditional } from '../conditions.js';
import { ruleMeta } from '../rule-catalog.js';

/** The same name twice in one rule, or in two unconditional rules with the same action. */
export const duplicateSyscall: LintRule = {
  meta: ruleMeta('duplicate-syscall'),
  check({ view }) {
    const reports: Report[] = [];
    const firstSeen = new Map<string, string>();
    for (const rule of view.syscalls) {
      const inRule = new Set<string>();
      const key =
        isUnconditional(rule) && rule.action ? `${rule.action.value}/${rule.errnoRet?.value ?? ''}` : undefined;
      for (const name of rule.names) {
        if (inRule.has(name.value)) {
          reports.push({
            severity: 'warning',
            message: `"${name.value}" is listed twice in this rule`,
            pointer: name.pointer,
            hint: 'delete the second copy',
          });
          continue;
        }
        inRule.add(name.value);
        if (key === undefined) continue;
        const earlier = firstSeen.get(`${key}/${name.value}`);
        if (earlier !== undefined) {
          reports.push({
            severity: 'warning',
            message: `"${name.value}" already has the same unconditional action in ${earlier}`,
            pointer: name.pointer,
            hint: 'keep it in one rule only',
          });
        } else firstSeen.set(`${key}/${name.value}`, rule.pointer);
      }
    }
    return reports;
  },
};
