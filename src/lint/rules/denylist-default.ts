import { HIGH_RISK_SYSCALLS } from '../../diff/high-risk.js';
import type { LintRule } from '../context.js';
import { isPermissive } from '../conditions.js';
import { ruleMeta } from '../rule-catalog.js';

const LISTED = 10;

/** defaultAction ALLOW or LOG: a denylist, which lets through everything nobody thought of. */
export const denylistDefault: LintRule = {
  meta: ruleMeta('denylist-default'),
  check({ view }) {
    const action = view.defaultAction;
    if (action === undefined || !isPermissive(action.value)) return [];
    const blocked = new Set(
      view.syscalls
        .filter((r) => r.action && !isPermissive(r.action.value))
        .flatMap((r) => r.names.map((n) => n.value)),
    );
    const open = [...HIGH_RISK_SYSCALLS.keys()].filter((n) => !blocked.has(n)).sort();
    const shown = open.slice(0, LISTED).join(', ') + (open.length > LISTED ? `, … (${open.length} in all)` : '');
    const what =
      action.value === 'SCMP_ACT_LOG'
        ? 'every syscall the rules do not name runs and is logged: a complain-mode (recording) profile, not a sandbox'
        : 'every syscall the rules do not name is allowed, including those newer kernels add';
    return [
      {
        severity: 'warning',
        message: `defaultAction ${action.value}: ${what}${open.length > 0 ? `; high-risk syscalls not blocked: ${shown}` : ''}`,
        pointer: action.pointer,
        hint: 'use "defaultAction": "SCMP_ACT_ERRNO" with an allowlist (seccompose generate builds one from a recording)',
      },
    ];
  },
};
