import { InputError } from '../errors.js';

/** One observation input as the planner sees it: its label and the recordings it stands for. */
export interface PlanInput {
  label: string;
  digests: readonly string[];
}

/** Which inputs to fold, and which add nothing because another input already holds their recordings. */
export interface MergePlan {
  /** Indexes into the inputs, in a canonical order. */
  keep: number[];
  skipped: { label: string; coveredBy: string }[];
}

/**
 * Make merging idempotent: every recording is counted once. Inputs are considered largest first
 * (then by their recordings, then label), so the plan does not depend on argument order; an input
 * whose recordings are all already kept is skipped, and one that shares only some of them with a
 * kept input is refused, since its counts cannot be split apart.
 */
export function planMerge(inputs: readonly PlanInput[]): MergePlan {
  const order = inputs
    .map((input, index) => ({ input, index, key: [...input.digests].sort().join(',') }))
    .sort(
      (a, b) =>
        b.input.digests.length - a.input.digests.length ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
        (a.input.label < b.input.label ? -1 : a.input.label > b.input.label ? 1 : 0),
    );
  const owner = new Map<string, string>();
  const plan: MergePlan = { keep: [], skipped: [] };
  for (const { input, index } of order) {
    const held = input.digests.filter((d) => owner.has(d));
    if (held.length === input.digests.length) {
      plan.skipped.push({ label: input.label, coveredBy: owner.get(input.digests[0]!)! });
      continue;
    }
    if (held.length > 0)
      throw new InputError(
        `${input.label} shares ${held.length} of its ${input.digests.length} recordings with ${owner.get(held[0]!)!}, so their counts would be added twice`,
        {
          hint: 'merge the original recordings (or the larger merge result alone) instead of overlapping merge results',
        },
      );
    for (const d of input.digests) owner.set(d, input.label);
    plan.keep.push(index);
  }
  return plan;
}
