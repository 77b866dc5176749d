import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { ruleMeta } from '../rule-catalog.js';

/** minKernel that dockerd cannot parse: it must be "major.minor" and not "0.0". */
export const minKernel: LintRule = {
  meta: ruleMeta('min-kernel'),
  check({ view }) {
    const reports: Report[] = [];
    for (const rule of view.syscalls) {
      for (const filter of [rule.includes, rule.excludes]) {
        const value = filter?.minKernel;
        if (value === undefined) continue;
        const match = /^(\d+)\.(\d+)$/.exec(value.value);
        if (match && !(Number(match[1]) === 0 && Number(match[2]) === 0)) continue;
        reports.push({
          severity: 'error',
          message: match ? 'minKernel "0.0" is rejected by dockerd' : `minKernel "${value.value}" is not "major.minor"`,
          pointer: value.pointer,
          hint: 'write the first kernel that has the behaviour, as major.minor, e.g. "4.8"; delete minKernel for "any kernel"',
        });
      }
    }
    return reports;
  },
};
