import { errnoName } from '../../kernel/errno.js';
import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import type { Located } from '../view.js';
import { ruleMeta } from '../rule-catalog.js';

/** Linux's MAX_ERRNO: the kernel clamps larger SECCOMP_RET_ERRNO data to it. */
const MAX_ERRNO = 4095;

/** errnoRet 0 (fake success) or beyond MAX_ERRNO (clamped). */
export const errnoRange: LintRule = {
  meta: ruleMeta('errno-range'),
  check({ view }) {
    const values: Located<number>[] = [];
    if (view.defaultErrnoRet && view.defaultAction?.value === 'SCMP_ACT_ERRNO') values.push(view.defaultErrnoRet);
    for (const rule of view.syscalls)
      if (rule.errnoRet && rule.action?.value === 'SCMP_ACT_ERRNO') values.push(rule.errnoRet);
    return values.flatMap((v): Report[] => {
      if (v.value === 0) {
        return [
          {
            severity: 'warning',
            message: 'errno 0: the call returns 0 without running, so the caller believes it succeeded',
            pointer: v.pointer,
            hint: 'use 1 (EPERM) to refuse or 38 (ENOSYS) to make libc fall back',
          },
        ];
      }
      if (v.value > MAX_ERRNO) {
        return [
          {
            severity: 'warning',
            message: `errno ${v.value} is above MAX_ERRNO (4095); the kernel returns -4095 instead`,
            pointer: v.pointer,
            hint: `use a real errno such as 1 (${errnoName(1) ?? 'EPERM'}) or 38 (${errnoName(38) ?? 'ENOSYS'})`,
          },
        ];
      }
      return [];
    });
  },
};
