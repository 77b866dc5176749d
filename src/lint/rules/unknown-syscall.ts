import { allSyscallNames, isKnownSyscall, syscallNumber, TABLE_ABIS } from '../../kernel/syscalls.js';
import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { didYouMean } from '../did-you-mean.js';
import { hostAbisOf } from '../arches.js';
import { ruleMeta } from '../rule-catalog.js';

/** A syscall name no ABI knows (a typo: the rule silently does nothing), or one absent from every targeted ABI. */
export const unknownSyscall: LintRule = {
  meta: ruleMeta('unknown-syscall'),
  check({ view, targetArches }) {
    const reports: Report[] = [];
    const guesses = new Map<string, string>();
    const guess = (name: string) =>
      guesses.get(name) ?? guesses.set(name, didYouMean(name, allSyscallNames())).get(name)!;
    for (const rule of view.syscalls) {
      const hosts = hostAbisOf(rule);
      const abis = hosts.length > 0 ? hosts : (targetArches ?? TABLE_ABIS);
      const scope =
        hosts.length > 0
          ? `the ABIs of the hosts its includes.arches limits it to (${abis.join(', ')})`
          : `the profile's architectures (${abis.join(', ')})`;
      for (const name of rule.names) {
        if (!isKnownSyscall(name.value)) {
          reports.push({
            severity: 'error',
            message: `unknown syscall "${name.value}" (no ABI in libseccomp's table has it); the rule does nothing for it`,
            pointer: name.pointer,
            hint: `fix the spelling.${guess(name.value)}`.replace(/\.$/, ''),
          });
        } else if (!abis.some((abi) => syscallNumber(abi, name.value) !== undefined)) {
          const where = TABLE_ABIS.filter((abi) => syscallNumber(abi, name.value) !== undefined);
          reports.push({
            severity: 'warning',
            message: `"${name.value}" exists on none of ${scope}, only on ${where.join(', ')}; it has no effect there`,
            pointer: name.pointer,
            hint: 'remove it, or add the architecture it is meant for',
          });
        }
      }
    }
    return reports;
  },
};
