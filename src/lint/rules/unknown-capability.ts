import { CAPABILITIES, normalizeCapability } from '../../kernel/capabilities.js';
import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { didYouMean } from '../did-you-mean.js';
import { ruleMeta } from '../rule-catalog.js';

const NAMES = CAPABILITIES.map((c) => c.name);

/** A capability in includes/excludes that is not a CAP_* name Linux defines (dockerd compares exact strings). */
export const unknownCapability: LintRule = {
  meta: ruleMeta('unknown-capability'),
  check({ view }) {
    const reports: Report[] = [];
    for (const rule of view.syscalls) {
      for (const filter of [rule.includes, rule.excludes]) {
        for (const cap of filter?.caps ?? []) {
          if (NAMES.includes(cap.value)) continue;
          const normal = normalizeCapability(cap.value);
          reports.push({
            severity: 'error',
            message: normal
              ? `"${cap.value}" is not spelt as dockerd compares it: write "${normal}" (as it stands it never matches)`
              : `unknown capability "${cap.value}": it never matches, so this condition never holds`,
            pointer: cap.pointer,
            hint: normal
              ? `replace it with "${normal}"`
              : `use a name from capabilities(7), CAP_CHOWN … CAP_CHECKPOINT_RESTORE.${didYouMean(cap.value, NAMES)}`,
          });
        }
      }
    }
    return reports;
  },
};
