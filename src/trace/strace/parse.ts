import type { SeccompArch } from '../../model/profile.js';
import type { SyscallTally } from '../../observation/tally.js';
import { DECODED_SYSCALLS, decodeArgs } from './args.js';
import { PersonalityGuess } from './guess-personality.js';
import { describeName, type NameInfo } from './name-info.js';
import { countCall } from './count.js';
import { parsePersonality, parseProcessEnd, parseSigsys, type ProcessEnd } from './special.js';
import { PendingCalls, isOpen, isPendingName } from './pending.js';
import { scanPrefix, type LinePrefix } from './prefix.js';
import {
  FAILED,
  NO_RETURN,
  cutStraceMessage,
  endOfLine,
  matchesAt,
  returnOutcome,
  returnValue,
  text,
} from './bytes.js';
import type { SegmentLog, SegmentReport } from './segments.js';
import { SummaryTables } from './summary.js';

export interface StraceParseOptions {
  /** The ABI of the machine the trace was taken on (strace's "64 bit mode"). */
  native: SeccompArch;
  /** For one file of a `-ff` set: the pid its lines belong to (they carry no pid prefix). */
  pid?: number;
  /** Prefix for unparsed-line samples (the file name when several files are read). */
  label?: string;
  /** Count each process's calls where the router says (e.g. per container); default: all in the tally. */
  router?: TraceRouter;
  /** This parser reads one segment of a file: record what the merge needs (segments.ts). */
  segment?: SegmentLog;
}

/** Sends each process's events to a tally of its own choosing (or nowhere), told about execs and forks. */
export interface TraceRouter {
  tallyFor(pid: number): SyscallTally | undefined;
  /** An execve/execveat call starts (its argument text) / succeeded on `arch`. */
  execStart(pid: number, args: string): void;
  execDone(pid: number, arch: SeccompArch): void;
  spawned(parent: number, child: number): void;
  exited(pid: number): void;
}

/** A line longer than this is not strace output we can use; it is cut and counted as unparsed. */
const MAX_LINE = 1 << 20;
const EMPTY = Buffer.alloc(0);
const UNFINISHED = ' <unfinished ...>';
/** The rest of a call line that strace split with one of its own messages (stderr output only). */
const CONTINUATION = /^(, |\) |=> )/;

/**
 * Streaming parser of strace's text output: feed chunks of any size with `push`, then `end`.
 * Lines are scanned as bytes with Buffer.indexOf (no readline, no per-line regex or string), so that a
 * log is parsed at hundreds of MB/s in bounded memory (only a partial last line is carried over).
 * Handles pid prefixes (`N ` from -f -o, `[pid N] ` on stderr), -t/-tt/-ttt/-r timestamps, -n
 * syscall numbers, -T/-y/-yy/-s/-v/-X variants, unfinished/resumed pairs across pids (counted
 * once, at the call), signals (SIGSYS from a filter → blocked attempt), exits, personality
 * switches and `strace -c` tables.
 */
export class StraceParser {
  /** Syscalls counted so far (for progress). */
  events = 0;
  /** Lines recognized as strace output (calls, signals, exits, table rows, strace messages). */
  recognized = 0;
  /** The first process seen (the traced command), its end, and the processes still alive. */
  leader: number | undefined;
  leaderEnd: ProcessEnd | undefined;
  readonly live = new Set<number>();
  readonly notes = new Set<string>();
  private lineNumber = 0;
  private callLines = 0;
  private carry: Buffer = EMPTY;
  private readonly fixedPid: number;
  private readonly archOf = new Map<number, SeccompArch>();
  private readonly pending: PendingCalls;
  private readonly prefix: LinePrefix = { at: 0, pid: -1, nr: -1 };
  private readonly names = new Map<string, NameInfo>();
  private readonly byHash = new Map<number, NameInfo>();
  private readonly guess: PersonalityGuess;
  private lastPid = -1;
  private lastName = '';
  private lastArch: SeccompArch | undefined;
  private readonly tables: SummaryTables;

  constructor(
    readonly tally: SyscallTally,
    private readonly options: StraceParseOptions,
  ) {
    this.fixedPid = options.pid ?? -1;
    this.pending = new PendingCalls(options.segment?.touched);
    this.tables = new SummaryTables(options.native);
    this.guess = new PersonalityGuess(tally, options.native, this.archOf, this.notes);
    // A routed trace is taken with personality lines on; the guess would move calls in the wrong tally.
    if (options.router) this.guess.disable();
  }

  /** Parse a chunk; a line cut at the chunk's end is completed by the next chunk. */
  push(chunk: Buffer): void {
    let start = 0;
    if (this.carry.length > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        if (this.carry.length > MAX_LINE) this.flushCarry();
        return;
      }
      const line = Buffer.concat([this.carry, chunk.subarray(0, nl + 1)]);
      this.carry = EMPTY;
      this.parseLine(line, 0, endOfLine(line, 0, line.length - 1));
      start = nl + 1;
    }
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      this.parseLine(chunk, start, endOfLine(chunk, start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start));
    if (this.carry.length > MAX_LINE) this.flushCarry();
  }

  /** The input ended: parse a last line without a newline. */
  end(): void {
    if (this.carry.length > 0) this.parseLine(this.carry, 0, this.carry.length);
    this.carry = EMPTY;
  }

  /** What the merge of segments needs (with options.segment), once the segment is read. */
  segmentReport(): SegmentReport {
    const log = this.options.segment;
    if (log === undefined) throw new Error('segmentReport: this parser reads no segment');
    if (this.guess.fired) log.markUnsafe('32-bit processes recognized by their calls');
    const fields = { lines: this.lineNumber, recognized: this.recognized, leader: this.leader, notes: this.notes };
    return log.report(fields, this.pending);
  }

  private flushCarry(): void {
    this.options.segment?.markUnsafe('a line over 1 MiB');
    this.parseLine(this.carry, 0, MAX_LINE);
    this.carry = EMPTY;
  }

  private parseLine(s: Buffer, i: number, e: number): void {
    this.lineNumber++;
    if (i >= e) return;
    if (this.tables.inTable) return this.parseSummaryLine(s, i, e);
    const prefix = this.prefix;
    if (!scanPrefix(s, i, e, prefix)) return this.unparsed(s, i, e);
    const p = prefix.at;
    const c = s[p]!;
    const explicit = prefix.pid >= 0;
    const pid = explicit ? prefix.pid : Math.max(this.fixedPid, 0);
    const nr = prefix.nr;
    if (c === 91) return this.parseBracket(s, p, e, i);
    if ((c >= 97 && c <= 122) || c === 95) return this.parseCall(s, p, e, i, pid, nr);
    if (c === 60) return this.parseResumed(s, p, e, i, explicit ? pid : -1);
    if (c === 45 && s[p + 1] === 45 && s[p + 2] === 45) return this.parseSignal(s, p, e, pid);
    if (c === 43 && s[p + 1] === 43 && s[p + 2] === 43) return this.parseEnd(s, p, e, i, pid);
    this.parseOther(s, p, e, i);
  }

  private parseCall(s: Buffer, p: number, e: number, i: number, pid: number, nr: number): void {
    let q = p;
    let h = 0;
    for (let c = s[q]!; (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95; c = s[++q]!) {
      h = (h * 31 + c) | 0;
    }
    if (s[q] !== 40 || q >= e) return this.parseOther(s, p, e, i);
    // Look the name up by a hash of its characters: no substring is allocated per line.
    let info = this.byHash.get(h);
    if (info === undefined || info.printed.length !== q - p || !matchesAt(s, p, info.printed)) {
      const learned = this.nameInfo(text(s, p, q));
      if (learned === undefined) return this.unparsed(s, i, e);
      info = learned;
      this.byHash.set(h, info);
    }
    const arch = this.archOf.size === 0 ? this.options.native : (this.archOf.get(pid) ?? this.options.native);
    this.seen(pid);
    this.recognized++;
    this.callLines++;
    // No return on the line: the call is unfinished (or strace split the line on stderr).
    const outcome =
      s[e - 1] === 62 && matchesAt(s, e - UNFINISHED.length, UNFINISHED) ? NO_RETURN : returnOutcome(s, q, e);
    const unfinished = outcome === NO_RETURN;
    const failed = outcome === FAILED;
    const tally = this.tallyOf(pid);
    if (tally !== undefined) this.events += countCall(tally, info, arch, nr, 1, failed ? 1 : 0);
    this.lastPid = pid;
    this.lastName = info.name;
    this.lastArch = arch;
    if (info.decode && tally !== undefined) decodeArgs(info.printed, cutStraceMessage(text(s, q + 1, e)), tally);
    if (info.exec && this.options.router) this.options.router.execStart(pid, text(s, q + 1, e));
    if (this.guess.active) this.guess.observe(pid, info, arch);
    if (unfinished) this.pending.set(pid, info, arch);
    else if (info.special) this.afterReturn(pid, info, arch, s, e, failed);
  }

  private parseResumed(s: Buffer, p: number, e: number, i: number, pid: number): void {
    if (!matchesAt(s, p, '<... ')) {
      if (matchesAt(s, p, '<unfinished ...>')) this.recognized++;
      else this.unparsed(s, i, e);
      return;
    }
    let q = p + 5;
    while (q < e && s[q] !== 32) q++;
    if (q >= e || !matchesAt(s, q, ' resumed>')) return this.unparsed(s, i, e);
    const length = q - p - 5;
    const linePid = pid;
    let pending = pid < 0 ? undefined : this.pending.get(pid);
    if (!isPendingName(pending, s, p + 5, length)) {
      const printed = text(s, p + 5, q);
      if (pid < 0 || isOpen(this.pending.get(0), printed)) pid = this.pending.pidOf(printed);
      pending = this.pending.get(pid);
    }
    this.recognized++;
    const failed = returnOutcome(s, q, e) === FAILED;
    if (!isPendingName(pending, s, p + 5, length)) {
      // The call line was not seen (trace started mid-call): count the call here.
      const info = this.nameInfo(text(s, p + 5, q));
      if (info === undefined) return this.unparsed(s, i, e);
      const arch = this.archOf.get(pid) ?? this.options.native;
      const tally = this.tallyOf(pid);
      if (tally !== undefined) this.events += countCall(tally, info, arch, -1, 1, failed ? 1 : 0);
      this.options.segment?.orphan(linePid, info, arch);
      return;
    }
    pending!.open = false;
    const tally = this.tallyOf(pid);
    if (failed && tally !== undefined) countCall(tally, pending!.info, pending!.arch, -1, 0, 1);
    if (pending!.info.special) this.afterReturn(pid, pending!.info, pending!.arch, s, e, failed);
  }

  private parseSignal(s: Buffer, p: number, e: number, pid: number): void {
    this.recognized++;
    if (!matchesAt(s, p, '--- SIGSYS ')) return;
    // It may take back the call on the line before it, which is in the segment before this one.
    if (this.callLines === 0) this.options.segment?.markUnsafe('a SIGSYS before the first call');
    const blocked = parseSigsys(text(s, p, e), this.options.native);
    const tally = this.tallyOf(pid);
    if (!blocked || tally === undefined) return;
    if (blocked.name === undefined) return tally.addUnknown(blocked.arch, blocked.nr);
    if (this.lastPid === pid && this.lastName === blocked.name && this.lastArch === blocked.arch) {
      tally.retract(blocked.arch, blocked.name);
      this.events--;
      this.lastName = '';
    }
    tally.addBlocked(blocked.arch, blocked.name);
  }

  private parseEnd(s: Buffer, p: number, e: number, i: number, pid: number): void {
    const end = parseProcessEnd(text(s, p + 4, e));
    if (!end) return this.unparsed(s, i, e);
    this.recognized++;
    this.seen(pid);
    this.live.delete(pid);
    this.archOf.delete(pid);
    this.pending.delete(pid);
    this.options.router?.exited(pid);
    if (pid === this.leader) this.leaderEnd = end;
    this.options.segment?.ends.set(pid, end);
  }

  private parseBracket(s: Buffer, p: number, e: number, i: number): void {
    const switched = parsePersonality(text(s, p, e), this.options.native);
    if (!switched) return this.unparsed(s, i, e);
    this.recognized++;
    this.options.segment?.markUnsafe('a personality change');
    this.guess.disable();
    if (switched.arch === this.options.native) this.archOf.delete(switched.pid);
    else this.archOf.set(switched.pid, switched.arch);
  }

  /** strace's own messages, continuations of lines it split, `-c` table headers; else unparsed. */
  private parseOther(s: Buffer, p: number, e: number, i: number): void {
    const rest = text(s, p, e);
    if (rest.startsWith('strace: ') || rest.startsWith('????(') || CONTINUATION.test(rest)) {
      this.recognized++;
      return;
    }
    // With -C the table repeats what the lines above it already counted: count it only alone.
    if (this.tables.start(text(s, i, e), this.callLines === 0)) {
      this.recognized++;
      this.options.segment?.markUnsafe('an strace -c table');
    } else this.unparsed(s, i, e);
  }

  private parseSummaryLine(s: Buffer, i: number, e: number): void {
    const row = this.tables.row(text(s, i, e));
    const info = row ? this.nameInfo(row.name) : undefined;
    if (row === undefined || (row !== null && info === undefined)) return this.unparsed(s, i, e);
    this.recognized++;
    if (row === null || info === undefined) return;
    this.events += countCall(this.tally, info, row.arch, -1, row.calls, row.errors);
  }

  /** After a call returned: a new process inherits the parent's ABI; exec may change it. */
  private afterReturn(pid: number, info: NameInfo, arch: SeccompArch, s: Buffer, e: number, failed: boolean): void {
    if (failed) return;
    const eq = s.lastIndexOf(' = ', e);
    if (eq < 0) return;
    const value = returnValue(text(s, eq + 3, e));
    if (info.clone && value > 0) {
      this.live.add(value);
      if (arch !== this.options.native) this.archOf.set(value, arch);
      this.options.router?.spawned(pid, value);
    } else if (info.exec && value === 0) {
      if (this.guess.active) this.guess.exec(pid);
      this.options.router?.execDone(pid, arch);
    }
  }

  private tallyOf(pid: number): SyscallTally | undefined {
    return this.options.router === undefined ? this.tally : this.options.router.tallyFor(pid);
  }

  private seen(pid: number): void {
    if (this.leader !== undefined) return;
    this.leader = pid;
    this.live.add(pid);
  }

  /** What a printed name means, learned once per name; undefined (not kept) for a word that is no syscall. */
  private nameInfo(printed: string): NameInfo | undefined {
    let info = this.names.get(printed);
    if (info === undefined) {
      info = describeName(printed, DECODED_SYSCALLS.has(printed));
      if (info !== undefined) this.names.set(printed, info);
    }
    return info;
  }

  private unparsed(s: Buffer, i: number, e: number): void {
    const text = this.tally.unparsedLines < 5 ? s.toString('utf8', i, e) : '';
    this.tally.addUnparsed(this.lineNumber, this.options.label ? `${this.options.label}: ${text}` : text);
  }
}
