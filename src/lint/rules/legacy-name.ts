import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';

/** A rule with both `name` and `names` (dockerd refuses it), neither, or the deprecated singular form. */
export const legacyName: LintRule = {
  meta: {
    id: 'legacy-name',
    severity: 'error',
    summary: 'a rule has both `name` and `names` (refused); info once when rules use the deprecated `name`',
    why: 'dockerd rejects a rule that sets both ("use either name or names"); the singular form is deprecated since Docker 1.13',
  },
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
