import type { ArgValues, Observation, SyscallUse } from '../model/observation.js';
import { MAX_ARG_VALUES } from '../model/observation-format.js';
import { compareUint64, type Uint64 } from '../model/exact-json.js';
import type { SeccompArch } from '../model/profile.js';

/** A tally's contents as plain data (SyscallTally.toData). */
export interface TallyData {
  uses: Map<SeccompArch, Map<string, SyscallUse>>;
  blockedCalls: Map<SeccompArch, Map<string, number>>;
  argValues: Map<string, Map<number, { values: Set<Uint64>; truncated: boolean }>>;
  ports: Set<number>;
  unknown: Set<string>;
  unparsedLines: number;
  samples: { line: number; text: string }[];
  lostEvents: number;
  noSyscallEvents: number;
}

/** The parts of an observation that a tracer backend fills in. */
export type Evidence = Pick<Observation, 'syscalls' | 'blocked' | 'args' | 'bindPorts' | 'diagnostics'>;

const MAX_SAMPLES = 5;

/**
 * Accumulates syscall events from any backend into observation evidence: per-ABI counts,
 * error counts and first-seen order, blocked attempts, distinct argument values (capped), bind
 * ports, and everything dropped (unparsed lines, unknown numbers, lost events).
 */
export class SyscallTally {
  private readonly uses = new Map<SeccompArch, Map<string, SyscallUse>>();
  private readonly blockedCalls = new Map<SeccompArch, Map<string, number>>();
  private readonly argValues = new Map<string, Map<number, { values: Set<Uint64>; truncated: boolean }>>();
  private readonly ports = new Set<number>();
  private readonly unknown = new Set<string>();
  private order = 0;
  unparsedLines = 0;
  private readonly samples: { line: number; text: string }[] = [];
  lostEvents = 0;
  /** Events for syscall number -1, the kernel's "no syscall" (a call a tracer skipped, `syscall(-1)`). */
  noSyscallEvents = 0;

  /** Count `n` calls of `name` on `arch`, `errors` of which failed. */
  add(arch: SeccompArch, name: string, n = 1, errors = 0): void {
    let perArch = this.uses.get(arch);
    if (!perArch) this.uses.set(arch, (perArch = new Map()));
    const use = perArch.get(name);
    if (use) {
      use.count += n;
      use.errors += errors;
    } else {
      perArch.set(name, { count: n, errors, firstSeen: this.order++ });
    }
  }

  /**
   * Take back one call of `name` counted by `add` (strace prints a call a filter blocked with
   * SECCOMP_RET_TRAP as an ordinary line before the SIGSYS that reveals it). Drops the entry at 0.
   */
  retract(arch: SeccompArch, name: string): void {
    const perArch = this.uses.get(arch);
    const use = perArch?.get(name);
    if (!perArch || !use) return;
    use.count -= 1;
    if (use.count <= 0) perArch.delete(name);
  }

  /** Count an attempt that a filter already in force blocked (not a call that ran). */
  addBlocked(arch: SeccompArch, name: string, n = 1): void {
    let perArch = this.blockedCalls.get(arch);
    if (!perArch) this.blockedCalls.set(arch, (perArch = new Map()));
    perArch.set(name, (perArch.get(name) ?? 0) + n);
  }

  /** Remember a decoded argument value of `syscall` at `index` (0..5); a bigint only above 2^53. */
  addArg(syscall: string, index: number, value: Uint64): void {
    let perCall = this.argValues.get(syscall);
    if (!perCall) this.argValues.set(syscall, (perCall = new Map()));
    let slot = perCall.get(index);
    if (!slot) perCall.set(index, (slot = { values: new Set(), truncated: false }));
    if (slot.values.has(value)) return;
    if (slot.values.size >= MAX_ARG_VALUES) slot.truncated = true;
    else slot.values.add(value);
  }

  addBindPort(port: number): void {
    this.ports.add(port);
  }

  /** A syscall number the tables do not know (kept as `arch:number`). */
  addUnknown(arch: SeccompArch, nr: number | string): void {
    this.unknown.add(`${arch}:${nr}`);
  }

  /** A line that was not tracer output; the first few are kept with their line numbers. */
  addUnparsed(line: number, text: string): void {
    this.unparsedLines += 1;
    if (this.samples.length < MAX_SAMPLES) this.samples.push({ line, text: text.slice(0, 200) });
  }

  /** The tally as plain Maps and Sets: what a worker thread posts (structured clone keeps them). */
  toData(): TallyData {
    const { uses, blockedCalls, argValues, ports, unknown, unparsedLines, samples, lostEvents, noSyscallEvents } = this;
    return { uses, blockedCalls, argValues, ports, unknown, unparsedLines, samples, lostEvents, noSyscallEvents };
  }

  /**
   * Add another tally's contents (its toData, possibly through a worker's message) as if its
   * events came after this one's: names new to this tally rank after its own, in the other's
   * order. `lineOffset` is added to the other's sample line numbers (the lines before the part of
   * a file it read).
   */
  merge(other: TallyData, lineOffset = 0): void {
    const byRank = [...other.uses].flatMap(([arch, m]) => [...m].map(([name, use]) => ({ arch, name, use })));
    byRank.sort((a, b) => a.use.firstSeen - b.use.firstSeen);
    for (const { arch, name, use } of byRank) this.add(arch, name, use.count, use.errors);
    for (const [arch, m] of other.blockedCalls) for (const [name, n] of m) this.addBlocked(arch, name, n);
    for (const [name, m] of other.argValues)
      for (const [index, slot] of m) {
        for (const v of slot.values) this.addArg(name, index, v);
        if (slot.truncated) this.argValues.get(name)!.get(index)!.truncated = true;
      }
    for (const p of other.ports) this.ports.add(p);
    for (const u of other.unknown) this.unknown.add(u);
    this.unparsedLines += other.unparsedLines;
    for (const s of other.samples)
      if (this.samples.length < MAX_SAMPLES) this.samples.push({ line: s.line + lineOffset, text: s.text });
    this.lostEvents += other.lostEvents;
    this.noSyscallEvents += other.noSyscallEvents;
  }

  /** Syscalls counted so far on every ABI (for progress display). */
  get calls(): number {
    let n = 0;
    for (const m of this.uses.values()) for (const use of m.values()) n += use.count;
    return n;
  }

  /** Distinct syscall names seen so far on every ABI (for progress display). */
  get distinct(): number {
    let n = 0;
    for (const m of this.uses.values()) n += m.size;
    return n;
  }

  /** The evidence, with names and keys sorted so that output is deterministic. */
  toEvidence(): Evidence {
    const syscalls: Evidence['syscalls'] = {};
    for (const arch of [...this.uses.keys()].sort()) {
      const m = this.uses.get(arch)!;
      const ranked = [...m].sort((a, b) => a[1].firstSeen - b[1].firstSeen);
      const rank = new Map(ranked.map(([name], i) => [name, i]));
      syscalls[arch] = Object.fromEntries(
        [...m.keys()].sort().map((name) => [name, { ...m.get(name)!, firstSeen: rank.get(name)! }]),
      );
    }
    const blocked: Evidence['blocked'] = {};
    for (const arch of [...this.blockedCalls.keys()].sort()) {
      const m = this.blockedCalls.get(arch)!;
      blocked[arch] = Object.fromEntries([...m.keys()].sort().map((name) => [name, m.get(name)!]));
    }
    const args: Record<string, Record<string, ArgValues>> = {};
    for (const name of [...this.argValues.keys()].sort()) {
      const m = this.argValues.get(name)!;
      args[name] = Object.fromEntries(
        [...m.keys()]
          .sort((a, b) => a - b)
          .map((i) => {
            const slot = m.get(i)!;
            return [String(i), { values: [...slot.values].sort(compareUint64), truncated: slot.truncated }];
          }),
      );
    }
    return {
      syscalls,
      blocked,
      args,
      bindPorts: [...this.ports].sort((a, b) => a - b),
      diagnostics: {
        unparsedLines: this.unparsedLines,
        unparsedSamples: [...this.samples],
        unknownSyscalls: [...this.unknown].sort(),
        lostEvents: this.lostEvents,
        ...(this.noSyscallEvents > 0 ? { noSyscallEvents: this.noSyscallEvents } : {}),
      },
    };
  }
}
