import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { isPermissive, reachOf } from '../conditions.js';
import type { RuleView } from '../view.js';
import { ruleMeta } from '../rule-catalog.js';

/** The clone flags that create namespaces (Docker's mask 0x7E020000). */
const NAMESPACE_FLAGS: ReadonlyArray<readonly [string, bigint]> = [
  ['CLONE_NEWNS', 0x00020000n],
  ['CLONE_NEWCGROUP', 0x02000000n],
  ['CLONE_NEWUTS', 0x04000000n],
  ['CLONE_NEWIPC', 0x08000000n],
  ['CLONE_NEWUSER', 0x10000000n],
  ['CLONE_NEWPID', 0x20000000n],
  ['CLONE_NEWNET', 0x40000000n],
];

/** clone allowed without a MASKED_EQ filter on its namespace flags; clone3 allowed at all. */
export const cloneNamespace: LintRule = {
  meta: ruleMeta('clone-namespace'),
  check({ view, options }) {
    const reports: Report[] = [];
    for (const rule of view.syscalls) {
      if (!isPermissive(rule.action?.value)) continue;
      const reach = reachOf(rule, options);
      if (reach.kind === 'never') continue;
      const severity = reach.kind === 'conditional' ? 'info' : 'warning';
      const condition = reach.kind === 'conditional' ? ` (${reach.condition})` : '';
      for (const name of rule.names) {
        if (name.value === 'clone3') {
          reports.push({
            severity,
            message: `clone3 is allowed${condition}: it passes its flags in a struct seccomp cannot read, so nothing stops it creating namespaces`,
            pointer: name.pointer,
            hint: 'give clone3 SCMP_ACT_ERRNO with errnoRet 38 (ENOSYS): libc then falls back to clone, whose flags can be filtered',
          });
        } else if (name.value === 'clone') {
          const open = unguarded(rule);
          if (open.length === 0) continue;
          reports.push({
            severity,
            message: `clone is allowed${condition} without a filter on ${open.join(', ')}: the workload can create those namespaces`,
            pointer: name.pointer,
            hint: "allow clone only with arg 0 (arg 1 on s390) SCMP_CMP_MASKED_EQ value 2114060288 (0x7E020000), valueTwo 0, as Docker's default does",
          });
        }
      }
    }
    return reports;
  },
};

/** Namespace flags that no MASKED_EQ comparison of the rule requires to be clear. */
function unguarded(rule: RuleView): string[] {
  let cleared = 0n;
  for (const arg of rule.args) {
    if (arg.op !== 'SCMP_CMP_MASKED_EQ' || arg.value === undefined || (arg.index !== 0 && arg.index !== 1)) continue;
    cleared |= arg.value & ~(arg.valueTwo ?? 0n);
  }
  return NAMESPACE_FLAGS.filter(([, bit]) => (cleared & bit) === 0n).map(([flag]) => flag);
}
