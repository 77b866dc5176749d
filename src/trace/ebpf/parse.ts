/**
 * Reader for `bpftrace -f json` output (bpftrace 0.17): one JSON object per line —
 * `attached_probes`, `printf`, `map` (keys joined with ","), `lost_events`, `helper_error` —
 * with blank lines between. Never throws: anything else is kept as an unparsed line.
 */

/** One `@enter` / `@fail` entry: syscall `id` in the mount namespace keyed `ns` (program.ts). */
export interface SyscallCount {
  ns: string;
  compat: boolean;
  id: number;
  count: number;
}

/** One `@cap` entry: checks of capability `cap`, granted or denied. */
export interface CapabilityCount {
  ns: string;
  cap: number;
  granted: boolean;
  count: number;
}

/** One `@handover` entry: process `pid` of the runtime exec'd the entrypoint in namespace `ns` (inode `inode`) under `hostname`. */
export interface Handover {
  ns: string;
  inode: string;
  pid: number;
  hostname: string;
  count: number;
}

/** Everything read from one bpftrace run. */
export interface BpftraceOutput {
  attachedProbes: number | undefined;
  ready: boolean;
  enter: SyscallCount[];
  fail: SyscallCount[];
  caps: CapabilityCount[];
  handovers: Handover[];
  lostEvents: number;
  helperErrors: number;
  unparsed: { line: number; text: string }[];
}

type JsonObject = Record<string, unknown>;

/** Accumulates bpftrace JSON lines as they arrive (the ready marker is seen while streaming). */
export class BpftraceJsonReader {
  readonly output: BpftraceOutput = {
    attachedProbes: undefined,
    ready: false,
    enter: [],
    fail: [],
    caps: [],
    handovers: [],
    lostEvents: 0,
    helperErrors: 0,
    unparsed: [],
  };
  private lineNo = 0;

  constructor(
    private readonly readyMarker: string,
    private readonly onReady?: () => void,
    /** Every other line the program printed (attach-program.ts's admissions). */
    private readonly onPrintf?: (text: string) => void,
  ) {}

  /** Take one line of bpftrace's stdout. */
  addLine(text: string): void {
    this.lineNo += 1;
    if (text.trim() === '') return;
    const record = parseObject(text);
    if (!record || !this.addRecord(record)) this.output.unparsed.push({ line: this.lineNo, text: text.slice(0, 200) });
  }

  private addRecord(record: JsonObject): boolean {
    const data = record.data;
    switch (record.type) {
      case 'attached_probes':
        this.output.attachedProbes = numberField(data, 'probes');
        return this.output.attachedProbes !== undefined;
      case 'printf':
        if (typeof data !== 'string') return false;
        if (data.trim() === this.readyMarker && !this.output.ready) {
          this.output.ready = true;
          this.onReady?.();
        } else this.onPrintf?.(data);
        return true;
      case 'lost_events': {
        const n = numberField(data, 'events');
        if (n !== undefined) this.output.lostEvents += n;
        return n !== undefined;
      }
      case 'helper_error':
        this.output.helperErrors += 1;
        return true;
      case 'map':
        return (
          isObject(data) &&
          Object.entries(data)
            .map(([name, entries]) => this.addMap(name, entries))
            .every(Boolean)
        );
      default:
        return false;
    }
  }

  /** Add every well-formed entry of one map; false when any entry was not understood. */
  private addMap(name: string, entries: unknown): boolean {
    if (!isObject(entries)) return false;
    let ok = true;
    for (const [key, value] of Object.entries(entries)) {
      const valid = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
      if (!valid || !this.addEntry(name, key, value)) ok = false;
    }
    return ok;
  }

  private addEntry(name: string, key: string, count: number): boolean {
    if (name === '@handover') {
      const parts = key.split(',');
      const [ns, inode, pid] = parts;
      if (parts.length < 4 || !isInode(ns!) || !isInode(inode!) || !/^\d{1,10}$/.test(pid!)) return false;
      this.output.handovers.push({
        ns: ns!,
        inode: inode!,
        pid: Number(pid),
        hostname: parts.slice(3).join(','),
        count,
      });
      return true;
    }
    const parts = key.split(',');
    // The syscall number can be -1 (a call skipped by a tracer or seccomp before the kernel saw a number).
    if (parts.length !== 3 || !isInode(parts[0]!) || !parts.slice(1).every((p) => /^-?\d{1,10}$/.test(p))) return false;
    const [ns, a, b] = [parts[0]!, Number(parts[1]), Number(parts[2])];
    if (name === '@cap') this.output.caps.push({ ns, cap: a, granted: b === 1, count });
    else if (name === '@enter') this.output.enter.push({ ns, compat: a !== 0, id: b, count });
    else if (name === '@fail') this.output.fail.push({ ns, compat: a !== 0, id: b, count });
    else return false;
    return true;
  }
}

/** Parse a complete bpftrace JSON output text. */
export function parseBpftraceJson(text: string, readyMarker: string): BpftraceOutput {
  const reader = new BpftraceJsonReader(readyMarker);
  for (const line of text.split('\n')) reader.addLine(line);
  return reader.output;
}

function parseObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberField(data: unknown, field: string): number | undefined {
  const n = isObject(data) ? data[field] : undefined;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function isInode(text: string): boolean {
  return /^\d{1,20}$/.test(text);
}
