import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { ruleMeta } from '../rule-catalog.js';

/** SCMP_ACT_NOTIFY without listenerPath, or listenerMetadata without listenerPath. */
export const notifyListener: LintRule = {
  meta: ruleMeta('notify-listener'),
  check({ view }) {
    if (view.listenerPath !== undefined) return [];
    const reports: Report[] = [];
    if (view.listenerMetadata) {
      reports.push({
        severity: 'error',
        message: 'listenerMetadata is set but listenerPath is not',
        pointer: view.listenerMetadata.pointer,
        hint: "set listenerPath to the agent's socket or delete listenerMetadata",
        at: 'key',
      });
    }
    const actions = [view.defaultAction, ...view.syscalls.map((r) => r.action)];
    for (const action of actions) {
      if (action?.value !== 'SCMP_ACT_NOTIFY') continue;
      reports.push({
        severity: 'error',
        message: 'SCMP_ACT_NOTIFY without listenerPath: nothing receives the notifications',
        pointer: action.pointer,
        hint: 'set listenerPath to the UNIX socket of the seccomp agent',
      });
    }
    return reports;
  },
};
