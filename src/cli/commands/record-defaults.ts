/** Recording under Docker's default profile is what production does (see README "Baseline"). */
export const DEFAULT_BASELINE = 'docker-default';
