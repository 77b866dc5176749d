import type { LintRule } from '../context.js';
import { ruleMeta } from '../rule-catalog.js';

/** Both `architectures` and `archMap`: dockerd refuses the profile. */
export const archMapWithArchitectures: LintRule = {
  meta: ruleMeta('archmap-with-architectures'),
  check({ view }) {
    if (!view.architectures?.length || !view.archMap?.length) return [];
    return [
      {
        severity: 'error',
        message: 'both "architectures" and "archMap" are set; dockerd refuses the profile',
        pointer: '/archMap',
        hint: 'keep archMap (one profile for every host arch) or architectures (a fixed list), not both',
        at: 'key',
      },
    ];
  },
};
