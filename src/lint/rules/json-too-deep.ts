import type { Report, RuleMeta } from '../finding.js';
import { MAX_NESTING } from '../source.js';

/** Nesting far deeper than any profile: reported instead of parsed, so lint never exhausts the stack. */
export const jsonTooDeepMeta: RuleMeta = {
  id: 'json-too-deep',
  severity: 'error',
  summary: `arrays/objects nested more than ${MAX_NESTING} levels deep`,
  why: 'a seccomp profile is at most five levels deep; such input is not a profile, and deeply recursive decoders may crash on it',
};

/** The report for nesting that passes MAX_NESTING (the runner places it at the offending bracket). */
export function reportTooDeep(): Report {
  return {
    severity: 'error',
    message: `JSON nested more than ${MAX_NESTING} levels deep: this is not a seccomp profile`,
    pointer: '',
    hint: 'check that the right file was passed; a profile nests at most syscalls → rule → args → arg',
  };
}
