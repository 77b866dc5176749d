import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { ruleMeta } from '../rule-catalog.js';

const CARRIES_ERRNO = new Set(['SCMP_ACT_ERRNO', 'SCMP_ACT_TRACE']);

/** errnoRet/defaultErrnoRet beside an action that cannot carry an errno. */
export const errnoAction: LintRule = {
  meta: ruleMeta('errno-action'),
  check({ view }) {
    const reports: Report[] = [];
    if (view.defaultErrnoRet && view.defaultAction && !CARRIES_ERRNO.has(view.defaultAction.value)) {
      reports.push(
        report(
          view.defaultErrnoRet.pointer,
          'defaultErrnoRet',
          view.defaultAction.value,
          'set defaultAction to SCMP_ACT_ERRNO or delete defaultErrnoRet',
        ),
      );
    }
    for (const rule of view.syscalls) {
      if (rule.errnoRet && rule.action && !CARRIES_ERRNO.has(rule.action.value)) {
        reports.push(
          report(
            rule.errnoRet.pointer,
            'errnoRet',
            rule.action.value,
            'use SCMP_ACT_ERRNO for a refused call, or delete errnoRet',
          ),
        );
      }
    }
    return reports;
  },
};

function report(pointer: string, field: string, action: string, hint: string): Report {
  return {
    severity: 'error',
    message: `${field} with ${action}, which cannot return an errno; runc refuses the profile`,
    pointer,
    hint,
    at: 'key',
  };
}
