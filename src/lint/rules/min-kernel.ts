import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';

/** minKernel that dockerd cannot parse: it must be "major.minor" and not "0.0". */
export const minKernel: LintRule = {
  meta: {
    id: 'min-kernel',
    severity: 'error',
    summary: 'minKernel not written as "major.minor" (e.g. "4.8"), or "0.0"',
    why: 'dockerd parses minKernel as major.minor and refuses the profile when it cannot (and rejects "0.0")',
  },
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
