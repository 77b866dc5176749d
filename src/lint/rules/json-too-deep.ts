import type { Report } from '../finding.js';
import { MAX_NESTING } from '../source.js';

/** The report for nesting that passes MAX_NESTING (the runner places it at the offending bracket). */
export function reportTooDeep(): Report {
  return {
    severity: 'error',
    message: `JSON nested more than ${MAX_NESTING} levels deep: this is not a seccomp profile`,
    pointer: '',
    hint: 'check that the right file was passed; a profile nests at most syscalls → rule → args → arg',
  };
}
