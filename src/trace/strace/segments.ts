import type { SeccompArch } from '../../model/profile.js';
import { SyscallTally, type TallyData } from '../../observation/tally.js';
import type { NameInfo } from './name-info.js';
import type { PendingCalls } from './pending.js';
import type { ProcessEnd } from './special.js';

/**
 * A large trace file is parsed in segments, one per thread, each by a parser that starts with
 * no state (src/trace/strace/parallel-parse.ts); `mergeSegments` then gives exactly what one
 * parser reading the whole file gives. Most of a parser's state never crosses a segment's start
 * in a way the merge cannot rebuild: what does is recorded here — resumed calls whose call line
 * was in an earlier segment ("orphans"), the unfinished calls left at the end, process ends —
 * and anything else that would (personality changes, `strace -c` tables, a SIGSYS before the
 * segment's first call, an over-long line) marks the segment unsafe, and the file is then read
 * by one parser after all.
 */

/** A `<... name resumed>` line for which the segment had no open call: maybe an earlier segment's. */
export interface Orphan {
  /** The pid on the line; -1 when it had none (the parser then finds the pid by the call's name). */
  pid: number;
  /** The name as printed; as counted, unless strace printed a number (`syscall_0x..`, not counted). */
  printed: string;
  name: string | undefined;
  arch: SeccompArch;
  /** Whether pid 0 / this pid had a call set or ended earlier in the segment. */
  zeroTouched: boolean;
  pidTouched: boolean;
}

/** What a segment's parse reports besides its tally (structured-clone safe). */
export interface SegmentReport {
  /** Lines in the segment (for the line numbers of later segments' samples). */
  lines: number;
  recognized: number;
  /** The first process the segment saw. */
  leader: number | undefined;
  /** Each process's last end in the segment. */
  ends: Map<number, ProcessEnd>;
  orphans: Orphan[];
  /** Pids whose unfinished call was set or ended in the segment, and their records at its end. */
  touched: number[];
  pendingAtEnd: Map<number, { printed: string; open: boolean }>;
  notes: string[];
  /** Why this segment needs the state before it (then the file is parsed in one piece). */
  unsafe: string | undefined;
}

/** A segment's tally and report, as a worker thread posts them. */
export interface SegmentResult {
  tally: TallyData;
  report: SegmentReport;
}

/** Beyond this many orphans a segment is not what strace writes: let one parser read the file. */
const MAX_ORPHANS = 10_000;

/** What a parser records while it reads one segment (StraceParseOptions.segment). */
export class SegmentLog {
  readonly touched = new Set<number>();
  readonly orphans: Orphan[] = [];
  readonly ends = new Map<number, ProcessEnd>();
  unsafe: string | undefined;

  markUnsafe(reason: string): void {
    this.unsafe ??= reason;
  }

  /** A resumed call without its call line in this segment. */
  orphan(pid: number, info: NameInfo, arch: SeccompArch): void {
    if (this.orphans.length >= MAX_ORPHANS) return this.markUnsafe('too many resumed calls without a call line');
    // An i386 socketcall/ipc subcall is counted twice (countCall): not worth taking back here.
    if (info.multiplexer !== undefined && arch === 'SCMP_ARCH_X86') return this.markUnsafe('an i386 subcall resumed');
    // Without a pid the call's process is found among all open calls, in the order they were
    // made: rebuilt exactly only while none of this segment's own records takes part.
    if (pid < 0 && this.touched.size > 0) return this.markUnsafe('a resumed call without a pid');
    this.orphans.push({
      pid,
      printed: info.printed,
      name: info.unknown ? undefined : info.name,
      arch,
      zeroTouched: this.touched.has(0),
      pidTouched: pid >= 0 && this.touched.has(pid),
    });
  }

  /** The report, once the segment is read. */
  report(
    fields: { lines: number; recognized: number; leader: number | undefined; notes: Iterable<string> },
    pending: PendingCalls,
  ): SegmentReport {
    const pendingAtEnd = new Map<number, { printed: string; open: boolean }>();
    for (const [pid, record] of pending.entries())
      pendingAtEnd.set(pid, { printed: record.info.printed, open: record.open });
    return {
      ...fields,
      notes: [...fields.notes],
      ends: this.ends,
      orphans: this.orphans,
      touched: [...this.touched],
      pendingAtEnd,
      unsafe: this.unsafe,
    };
  }
}

/** The merged parse of a whole file: its tally and what the parser reports about the file. */
export interface MergedParse {
  tally: SyscallTally;
  recognized: number;
  leaderEnd: ProcessEnd | undefined;
  notes: string[];
}

type Carried = Map<number, { printed: string; open: boolean }>;

function isOpen(carried: Carried, pid: number, printed: string): boolean {
  const record = carried.get(pid);
  return record?.open === true && record.printed === printed;
}

/**
 * The pid whose earlier unfinished call `orphan` resumes, as one parser would have found it
 * (PendingCalls and StraceParser.parseResumed); undefined when it resumes none, null when the
 * answer depends on an order the segments do not keep.
 */
function resumedPid(orphan: Orphan, carried: Carried): number | undefined | null {
  const { pid, printed } = orphan;
  if (pid >= 0) {
    if (!orphan.pidTouched && isOpen(carried, pid, printed)) return pid;
    return !orphan.zeroTouched && isOpen(carried, 0, printed) ? 0 : undefined;
  }
  if (isOpen(carried, 0, printed)) return 0;
  const open = [...carried.keys()].filter((p) => isOpen(carried, p, printed));
  return open.length > 1 ? null : open[0];
}

/**
 * The segments' results, in file order, merged into what one parser reading them in sequence
 * reports; undefined when a segment is unsafe or an orphan's process is ambiguous.
 */
export function mergeSegments(results: SegmentResult[]): MergedParse | undefined {
  const tally = new SyscallTally();
  const carried: Carried = new Map();
  const notes = new Set<string>();
  let recognized = 0;
  let lines = 0;
  let leader: number | undefined;
  let leaderEnd: ProcessEnd | undefined;
  for (const { tally: data, report } of results) {
    // A lone first segment is what one parser read: nothing before it, nothing after it to merge.
    if (report.unsafe !== undefined && results.length > 1) return undefined;
    tally.merge(data, lines);
    for (const orphan of report.orphans) {
      const pid = resumedPid(orphan, carried);
      if (pid === null) return undefined;
      if (pid === undefined) continue;
      // One parser would have counted this call at its call line only, as the earlier segment did.
      carried.get(pid)!.open = false;
      if (orphan.name !== undefined) tally.retract(orphan.arch, orphan.name);
    }
    for (const pid of report.touched) {
      const record = report.pendingAtEnd.get(pid);
      if (record === undefined) carried.delete(pid);
      else carried.set(pid, { ...record });
    }
    leader ??= report.leader;
    if (leader !== undefined && report.ends.has(leader)) leaderEnd = report.ends.get(leader);
    for (const note of report.notes) notes.add(note);
    recognized += report.recognized;
    lines += report.lines;
  }
  return { tally, recognized, leaderEnd, notes: [...notes] };
}
