import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { ruleMeta } from '../rule-catalog.js';

/** A rule with both `name` and `names` (dockerd refuses it), neither, or the deprecated singular form. */
export const legacyName: LintRule = {
  meta: ruleMeta('legacy-name'),
  check({ view }) {
    const reports: Report[] = [];
    const singular = view.syscalls.filter((r) => r.hasName && !r.hasNames);
    if (singular.length > 0) {
      reports.push({
        severity: 'info',
        message: `${singular.length} rule(s) use the deprecated singular "name" (first here)`,
        pointer: `${singular[0]!.pointer}/name`,
        hint: 'write "names": ["…"]; rules with the same action and no conditions can share one names list',
        at: 'key',
      });
    }
    for (const rule of view.syscalls) {
      if (rule.hasName && rule.hasNames) {
        reports.push({
          severity: 'error',
          message: 'this rule has both "name" and "names"; dockerd refuses the profile',
          pointer: `${rule.pointer}/name`,
          hint: 'move the name into "names" and delete "name"',
          at: 'key',
        });
      }
    }
    return reports;
  },
};
