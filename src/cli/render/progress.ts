/** Counters shown on the progress line. */
export interface ProgressSnapshot {
  events: number;
  distinct: number;
  phase?: string;
}

const FRAME_MS = 250;

/**
 * A one-line progress display on stderr (elapsed, events, distinct names, events/s), redrawn in
 * place at most 4 times a second. Silent unless stderr is a terminal and not `--quiet`.
 */
export class ProgressLine {
  private readonly started = Date.now();
  private last = 0;
  private drawn = false;
  private snapshot: ProgressSnapshot = { events: 0, distinct: 0 };

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
    const rate = seconds > 0 ? Math.round(this.snapshot.events / seconds) : 0;
    const phase = this.snapshot.phase ? `${this.snapshot.phase} · ` : '';
    this.stream.write(
      `\r\x1b[2K${phase}${seconds.toFixed(1)}s · ${this.snapshot.events} syscalls · ${this.snapshot.distinct} distinct · ${rate}/s`,
    );
    this.drawn = true;
  }
}
