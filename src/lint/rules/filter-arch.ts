import { DAEMON_ARCH_NAMES } from '../../profile/context.js';
import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { didYouMean } from '../did-you-mean.js';
import { ruleMeta } from '../rule-catalog.js';

/** moby's daemon-arch names, plus `x32`, which Docker's own default uses (and which never matches a daemon). */
const KNOWN = [...new Set([...Object.values(DAEMON_ARCH_NAMES), 'x32'])].sort();

/** An includes/excludes.arches value that no daemon arch ever has (e.g. SCMP_ARCH_X86_64 or x86_64). */
export const filterArch: LintRule = {
  meta: ruleMeta('filter-arch'),
  check({ view }) {
    const reports: Report[] = [];
    for (const rule of view.syscalls) {
      for (const filter of [rule.includes, rule.excludes]) {
        for (const arch of filter?.arches ?? []) {
          if (KNOWN.includes(arch.value)) continue;
          reports.push({
            severity: 'warning',
            message: `"${arch.value}" is not an arch name dockerd uses here; it never matches`,
            pointer: arch.pointer,
            hint: `use one of ${KNOWN.join(', ')}.${didYouMean(arch.value, KNOWN)}`,
          });
        }
      }
    }
    return reports;
  },
};
