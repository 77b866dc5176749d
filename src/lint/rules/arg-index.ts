import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { ruleMeta } from '../rule-catalog.js';

/** Syscalls take at most six arguments (index 0..5). */
export const MAX_ARG_INDEX = 5;

/** An argument index above 5. */
export const argIndex: LintRule = {
  meta: ruleMeta('arg-index'),
  check({ view }) {
    const reports: Report[] = [];
    for (const rule of view.syscalls) {
      for (const arg of rule.args) {
        if (arg.index === undefined || arg.index <= MAX_ARG_INDEX) continue;
        reports.push({
          severity: 'error',
          message: `argument index ${arg.index} does not exist: syscalls have arguments 0 to 5`,
          pointer: `${arg.pointer}/index`,
          hint: "use the 0-based position of the argument in the syscall's C signature (see its man page)",
        });
      }
    }
    return reports;
  },
};
