import type { SeccompArch } from '../../model/profile.js';
import { isKnownSyscall, syscallNumber } from '../../kernel/syscalls.js';
import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { hostAbisOf } from '../arches.js';
import type { Located } from '../view.js';
import { ruleMeta } from '../rule-catalog.js';

const LISTED = 6;

/** Names that exist on some targeted ABIs but not others: one note per rule. */
export const syscallNotOnArch: LintRule = {
  meta: ruleMeta('syscall-not-on-arch'),
  check({ view, targetArches, options }) {
    const listed = options.arch !== undefined || view.architectures?.length ? targetArches : undefined;
    const reports: Report[] = [];
    for (const rule of view.syscalls) {
      const hosts = hostAbisOf(rule);
      const abis = hosts.length > 0 ? hosts : listed;
      if (abis === undefined || abis.length < 2) continue;
      const names = rule.names.filter(
        (n) => isKnownSyscall(n.value) && abis.some((a) => syscallNumber(a, n.value) !== undefined),
      );
      const missing = abis
        .map((abi) => [abi, names.filter((n) => syscallNumber(abi, n.value) === undefined)] as const)
        .filter(([, m]) => m.length > 0);
      if (missing.length === 0) continue;
      reports.push(describe(missing, rule.pointer));
    }
    return reports;
  },
};

function describe(missing: ReadonlyArray<readonly [SeccompArch, Located[]]>, rulePointer: string): Report {
  const names = new Set(missing.flatMap(([, m]) => m.map((n) => n.value)));
  const parts = missing.map(([abi, m]) => {
    const shown = m
      .slice(0, LISTED)
      .map((n) => n.value)
      .join(', ');
    return `${abi}: ${m.length === 1 ? shown : `${m.length} (${shown}${m.length > LISTED ? ', …' : ''})`}`;
  });
  const single = names.size === 1 ? missing[0]![1][0] : undefined;
  const message = single
    ? `"${single.value}" does not exist on ${missing.map(([abi]) => abi).join(', ')}; libseccomp skips it there`
    : `${names.size} names in this rule do not exist on some ABIs and libseccomp skips them there — ${parts.join('; ')}`;
  return {
    severity: 'info',
    message,
    pointer: single ? single.pointer : `${rulePointer}/names`,
    hint: "nothing to do when the list is shared across architectures; otherwise use each ABI's own names (e.g. openat for open on arm64)",
  };
}
