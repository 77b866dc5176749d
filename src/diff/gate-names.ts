/** What `diff --fail-on` can gate on (apart from gates.ts, so the command's definition stays light). */
export const DIFF_GATES = ['added', 'high-risk', 'caps'] as const;
export type DiffGate = (typeof DIFF_GATES)[number];
