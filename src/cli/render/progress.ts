/** Counters shown on the progress line; a counter no one reported (yet) is not shown. */
export interface ProgressSnapshot {
  events?: number;
  distinct?: number;
  phase?: string;
}

const FRAME_MS = 250;

/**
 * A one-line progress display on stderr (phase, elapsed, events, distinct names, events/s), redrawn
 * in place at most 4 times a second. Silent unless stderr is a terminal and not `--quiet`. Counters
 * appear once a tracer reports them (the ebpf backend counts in the kernel and reports none).
 */
export class ProgressLine {
  private readonly started = Date.now();
  private last = 0;
  private drawn = false;
  private snapshot: ProgressSnapshot = {};

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly enabled: boolean,
  ) {}

  /** Update the counters; redraws when enough time has passed. */
  update(snapshot: Partial<ProgressSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...snapshot };
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < FRAME_MS) return;
    this.last = now;
    this.draw(now);
  }

  /** Erase the line (call before printing anything else, and at the end). */
  clear(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(now: number): void {
    const seconds = (now - this.started) / 1000;
    const { phase, events, distinct } = this.snapshot;
    const parts = [...(phase ? [phase] : []), `${seconds.toFixed(1)}s`];
    if (events !== undefined) parts.push(`${events} syscalls`);
    if (distinct !== undefined) parts.push(`${distinct} distinct`);
    if (events !== undefined) parts.push(`${seconds > 0 ? Math.round(events / seconds) : 0}/s`);
    this.stream.write(`\r\x1b[2K${parts.join(' · ')}`);
    this.drawn = true;
  }
}
