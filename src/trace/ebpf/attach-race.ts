import type { TargetProcess } from './attach-processes.js';

/**
 * The race between finding the targets' processes and bpftrace attaching: a process forked in
 * between is neither seeded (it did not exist yet) nor admitted (its fork came before the probe).
 * Once the probes are attached every new fork in a target namespace is admitted, so a scan after
 * the ready marker finds every process that can still be missing.
 */
export function missedProcesses(
  seeded: readonly TargetProcess[],
  admitted: ReadonlySet<number>,
  rescan: readonly TargetProcess[],
): TargetProcess[] {
  const known = new Set(seeded.map((p) => p.pid));
  return rescan.filter((p) => !known.has(p.pid) && !admitted.has(p.pid));
}

/** What became of the processes the rescan found missing, once every admission line has been read. */
export interface RaceOutcome {
  /** Added to the gate after the ready marker (by bpftool): recorded from then on. */
  added: TargetProcess[];
  /** Could not be added: their calls are not in the recording. */
  lost: TargetProcess[];
}

/**
 * Settle the missed processes at the end: one whose admission line arrived after the rescan was
 * admitted by the kernel after all (the line was still in bpftrace's buffer); the rest were added
 * late, or lost when adding them failed.
 */
export function settleRace(
  missed: readonly TargetProcess[],
  admitted: ReadonlySet<number>,
  addedPids: ReadonlySet<number>,
): RaceOutcome {
  const open = missed.filter((p) => !admitted.has(p.pid));
  return { added: open.filter((p) => addedPids.has(p.pid)), lost: open.filter((p) => !addedPids.has(p.pid)) };
}

/** `1234 (sleep), 1240 (sh)`: processes as a message names them (at most `max`). */
export function describeProcesses(processes: readonly TargetProcess[], max = 10): string {
  const shown = processes.slice(0, max).map((p) => `${p.pid} (${p.comm})`);
  return processes.length > max ? `${shown.join(', ')}, … (+${processes.length - max})` : shown.join(', ');
}
