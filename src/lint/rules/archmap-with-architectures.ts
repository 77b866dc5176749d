import type { LintRule } from '../context.js';

/** Both `architectures` and `archMap`: dockerd refuses the profile. */
export const archMapWithArchitectures: LintRule = {
  meta: {
    id: 'archmap-with-architectures',
    severity: 'error',
    summary: 'the profile sets both `architectures` and `archMap`',
    why: 'dockerd rejects such a profile ("use either architectures or archMap") and the container does not start',
  },
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
