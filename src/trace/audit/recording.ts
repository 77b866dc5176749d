import { randomBytes } from 'node:crypto';
import { holdResource, releaseResource, type Resource } from '../../state/registry.js';
import type { Runner } from '../../exec/run.js';
import type { Logger } from '../../log.js';
import { addTreeRules, readAuditStatus, removeTreeRules, writeMarker } from './control.js';
import { KmsgTail } from './kmsg.js';
import { LineSplitter } from './lines.js';
import { AuditLogTail } from './tail.js';
import { AuditWindow } from './window.js';

const POLL_MS = 200;
const DRAIN_TIMEOUT_MS = 30_000;
/** The kernel log may rate-limit the marker away too: wait less for it there. */
const KMSG_DRAIN_TIMEOUT_MS = 3_000;

/** Where records are read from: auditd's log file (the real thing) or the kernel log (fallback). */
export type AuditSource = { kind: 'auditd'; logPath: string } | { kind: 'kmsg' };

/** What the recording reads from: both tails offer this. */
interface LogSource {
  read(onChunk: (chunk: Buffer) => void): Promise<void>;
  readonly losses: string[];
  readonly bytesRead: number;
}

/** What a finished recording window holds. */
export interface FinishedWindow {
  window: AuditWindow;
  /** Why the window may miss records (rotated away, marker never seen, lost in the kernel). */
  losses: string[];
  /** Records the kernel dropped system-wide while recording (`auditctl -s` lost delta). */
  lostEvents: number;
  bytesRead: number;
}

/**
 * One audit recording window: adds the process-tree rules, follows audit.log from its current
 * end (polling, so rotation during a long run loses nothing), and at the end writes a marker
 * record and reads until the marker arrives — everything the container did is then in the
 * window, without a fixed sleep.
 */
export class AuditRecording {
  readonly window = new AuditWindow();
  private readonly splitter = new LineSplitter();
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();
  private ruleArches: string[] = [];
  private stopped = false;
  private readonly held: Resource;

  private constructor(
    private readonly runner: Runner,
    private readonly logger: Logger,
    private readonly tail: LogSource,
    private readonly source: AuditSource,
    readonly key: string,
    private readonly lostBefore: number,
    private readonly onProgress?: (window: AuditWindow) => void,
  ) {
    this.held = { kind: 'audit-rules', key, arches: ['b64', 'b32'] };
  }

  /** Begin recording: rules first, then the log position, then polling. */
  static async start(
    runner: Runner,
    logger: Logger,
    source: AuditSource,
    options: { signal?: AbortSignal; onProgress?: (window: AuditWindow) => void } = {},
  ): Promise<AuditRecording> {
    const key = `seccompose-${randomBytes(6).toString('hex')}`;
    const status = await readAuditStatus(runner, options.signal);
    const tail = source.kind === 'auditd' ? await AuditLogTail.fromEnd(source.logPath) : KmsgTail.open();
    const recording = new AuditRecording(runner, logger, tail, source, key, status.lost, options.onProgress);
    // Process-tree rules would flood the rate-limited kernel log and push SECCOMP records out.
    if (source.kind === 'kmsg') return recording.startPolling();
    // Written down before the rules exist, so that `seccompose cleanup` finds them after a SIGKILL.
    await holdResource(recording.held);
    recording.ruleArches = await addTreeRules(runner, key, options.signal);
    if (recording.ruleArches.length === 0) logger.warn({ key }, 'could not add audit rules for the process tree');
    return recording.startPolling();
  }

  private startPolling(): this {
    this.timer = setInterval(() => this.poll(), POLL_MS);
    return this;
  }

  /** Whether records come from the rate-limited kernel log (auditd not running). */
  get fromKernelLog(): boolean {
    return this.source.kind === 'kmsg';
  }

  /** Whether the process-tree rules are in place (attribution of child processes needs them). */
  get hasTreeRules(): boolean {
    return this.ruleArches.length > 0;
  }

  private poll(): void {
    this.reading = this.reading
      .then(() => this.readOnce())
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'reading the audit log failed');
      });
  }

  private async readOnce(): Promise<void> {
    await this.tail.read((chunk) => {
      for (const line of this.splitter.push(chunk)) this.window.addLine(line);
    });
    this.onProgress?.(this.window);
  }

  /** Drain up to an end marker, stop, remove the rules, and hand back the window. */
  async finish(signal?: AbortSignal): Promise<FinishedWindow> {
    const losses: string[] = [];
    const marker = `${this.key}-end`;
    const wrote = await writeMarker(this.runner, marker, signal);
    const timeoutMs = this.fromKernelLog ? KMSG_DRAIN_TIMEOUT_MS : DRAIN_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.poll();
      await this.reading;
      if (!wrote || this.window.sawMarker(marker) || Date.now() > deadline || signal?.aborted) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS / 2));
    }
    if (!wrote) losses.push('could not write the end marker (auditctl -m); the log was read once more instead');
    else if (!this.window.sawMarker(marker)) losses.push(`the end marker was not logged within ${timeoutMs / 1000}s`);
    if (this.fromKernelLog)
      losses.push(
        'recorded from the kernel log because auditd is not running: the kernel rate-limits these records, so calls are missing',
      );
    await this.stop();
    for (const line of this.splitter.end()) this.window.addLine(line);
    const lostEvents = Math.max(0, (await readAuditStatus(this.runner)).lost - this.lostBefore);
    if (lostEvents > 0)
      losses.push(`the kernel lost ${lostEvents} audit records while recording (raise the backlog: auditctl -b 65536)`);
    return {
      window: this.window,
      losses: [...losses, ...this.tail.losses],
      lostEvents,
      bytesRead: this.tail.bytesRead,
    };
  }

  /** Stop polling and remove the rules (idempotent; also for failures and Ctrl-C). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.reading;
    if (this.stopped) return;
    this.stopped = true;
    await removeTreeRules(this.runner, this.key, this.ruleArches);
    await releaseResource(this.held);
    if (this.tail instanceof KmsgTail) this.tail.close();
  }
}
