import { IPC_SUBCALLS, SOCKETCALL_SUBCALLS } from '../../kernel/multiplexers.js';
import { syscallNumber, TABLE_ABIS } from '../../kernel/syscalls.js';
import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { isPermissive, reachOf } from '../conditions.js';
import type { RuleView } from '../view.js';
import { ruleMeta } from '../rule-catalog.js';

/** Multiplexer syscalls whose arguments are a call number and a pointer: seccomp cannot see the real call. */
const MULTIPLEXERS: ReadonlyArray<{ name: string; targets: readonly string[] }> = [
  { name: 'socketcall', targets: [...SOCKETCALL_SUBCALLS] },
  { name: 'ipc', targets: [...IPC_SUBCALLS] },
];

/** `socket` filtered while `socketcall` is allowed (x86, s390, …), and likewise `ipc`. */
export const multiplexerBypass: LintRule = {
  meta: ruleMeta('multiplexer-bypass'),
  check({ view, targetArches, options }) {
    const abis = targetArches ?? TABLE_ABIS;
    const reports: Report[] = [];
    const openly = (name: string) =>
      allowsUnfiltered(view.syscalls, name, options) ||
      (isPermissive(view.defaultAction?.value) && !view.syscalls.some((r) => r.names.some((n) => n.value === name)));
    for (const mux of MULTIPLEXERS) {
      const muxAbis = abis.filter((abi) => syscallNumber(abi, mux.name) !== undefined);
      if (muxAbis.length === 0 || !openly(mux.name)) continue;
      const restricted = mux.targets.filter(
        (t) => !openly(t) && view.syscalls.some((r) => r.names.some((n) => n.value === t)),
      );
      if (restricted.length === 0) continue;
      const at = firstOpenMention(view.syscalls, mux.name, options) ?? '/defaultAction';
      reports.push({
        severity: 'warning',
        message: `${mux.name} is allowed on ${muxAbis.join(', ')} while ${restricted.join(', ')} ${restricted.length === 1 ? 'is' : 'are'} filtered or denied: ${mux.name} reaches the same calls with their arguments behind a pointer, so those filters do not hold there`,
        pointer: at,
        hint: `deny ${mux.name} with SCMP_ACT_ERRNO and errnoRet 38 (ENOSYS) so libc uses the direct calls, or drop the 32-bit ABIs from the profile`,
      });
    }
    return reports;
  },
};

function allowsUnfiltered(rules: RuleView[], name: string, options: Parameters<typeof reachOf>[1]): boolean {
  return firstOpenMention(rules, name, options) !== undefined;
}

function firstOpenMention(rules: RuleView[], name: string, options: Parameters<typeof reachOf>[1]): string | undefined {
  for (const rule of rules) {
    if (!isPermissive(rule.action?.value) || rule.args.length > 0 || reachOf(rule, options).kind === 'never') continue;
    const hit = rule.names.find((n) => n.value === name);
    if (hit) return hit.pointer;
  }
  return undefined;
}
