/** One replay's result: did the workload pass with this cap set, and if not, which check failed. */
export interface ReplayOutcome {
  pass: boolean;
  /** The first failing check's detail (empty when it passed). */
  failure: string;
}

/** Runs the workload with exactly these capabilities (cap_drop ALL + cap_add). */
export type Replay = (caps: readonly string[]) => Promise<ReplayOutcome>;

/** Why a capability is in the result. */
export interface KeptCap {
  cap: string;
  /** What failed when it was dropped, or why it was not tried. */
  neededFor: string;
  tested: boolean;
}

/** The search's result. */
export type MinimizeResult =
  /** `proven`: every kept cap was tried without (false when the replay budget ran out first). */
  | { kind: 'minimal'; caps: string[]; kept: KeptCap[]; dropped: string[]; replays: number; proven: boolean }
  /** Even the starting set fails: nothing to minimize. */
  | { kind: 'start-fails'; start: string[]; failure: string; replays: number };

/** Progress events for the stderr line. */
export type MinimizeProgress = (event: {
  replay: number;
  max: number;
  trying: string;
  outcome?: ReplayOutcome;
}) => void;

/**
 * Replay-based search for the smallest capability set the workload passes with: first with
 * no capability at all (cap_drop ALL); else the starting set (observed, inferred, or Docker's
 * 14 defaults) must pass; then each capability is dropped in turn (sorted) and stays dropped when
 * the workload still passes. At most `maxReplays` replays: caps not reached are kept untested.
 */
export async function minimizeCaps(
  start: readonly string[],
  replay: Replay,
  maxReplays: number,
  progress: MinimizeProgress = () => undefined,
): Promise<MinimizeResult> {
  let replays = 0;
  const run = async (caps: readonly string[], trying: string): Promise<ReplayOutcome> => {
    replays += 1;
    progress({ replay: replays, max: maxReplays, trying });
    const outcome = await replay(caps);
    progress({ replay: replays, max: maxReplays, trying, outcome });
    return outcome;
  };
  const sorted = [...new Set(start)].sort();
  if ((await run([], 'no capabilities (cap_drop: [ALL])')).pass)
    return { kind: 'minimal', caps: [], kept: [], dropped: sorted, replays, proven: true };
  if (sorted.length === 0)
    return {
      kind: 'start-fails',
      start: sorted,
      failure: 'the workload fails without capabilities and the starting set is empty',
      replays,
    };
  if (replays < maxReplays) {
    const baseline = await run(sorted, `the starting set (${sorted.length} caps)`);
    if (!baseline.pass) return { kind: 'start-fails', start: sorted, failure: baseline.failure, replays };
  }
  let current = sorted;
  const kept: KeptCap[] = [];
  const dropped: string[] = [];
  for (const cap of sorted) {
    if (replays >= maxReplays) {
      kept.push({
        cap,
        neededFor: `not tested: the replay budget (--max-replays ${maxReplays}) was used up`,
        tested: false,
      });
      continue;
    }
    const without = current.filter((c) => c !== cap);
    const outcome = await run(without, `without ${cap}`);
    if (outcome.pass) {
      current = without;
      dropped.push(cap);
    } else {
      kept.push({ cap, neededFor: outcome.failure, tested: true });
    }
  }
  return { kind: 'minimal', caps: current, kept, dropped, replays, proven: kept.every((k) => k.tested) };
}
