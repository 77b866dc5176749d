import { createInterface } from 'node:readline';
import { startTimeOf } from '../../state/owner.js';
import { holdResource, releaseResource, type Resource } from '../../state/registry.js';
import { EnvironmentError, InterruptedError } from '../../errors.js';
import type { Runner, RunResult, Spawned } from '../../exec/run.js';
import { BpftraceJsonReader, type BpftraceOutput } from './parse.js';
import { EBPF_ENV, EBPF_READY_MARKER, ebpfArgs, type NamespaceKey, type ProgramExtension } from './program.js';

/** Bound on compiling and attaching (LLVM compile + verifier; ~1.5 s on an idle machine). */
export const ATTACH_TIMEOUT_MS = 60_000;
/** Bound on bpftrace printing its maps after the stop signal. */
export const STOP_TIMEOUT_MS = 60_000;
/** Interval at which the stop signal is repeated until bpftrace exits (see stop()). */
const STOP_REPEAT_MS = 500;
/**
 * The signal that stops bpftrace. bpftrace 0.17 (src/main.cpp) gives SIGINT and SIGTERM one
 * handler, which only sets a flag, before it runs BEGIN; once its event loop has ended and its
 * probes are detached (~0.5 s here) it puts SIGINT back to the default action while it prints
 * its maps, so a repeated SIGINT then kills it without its counts (9 of 48 stops made as soon
 * as the marker arrived, here; every time in test/integration/ebpf-session.test.ts). SIGTERM
 * keeps its handler until bpftrace exits (0 of 54).
 */
const STOP_SIGNAL = 'SIGTERM';
/** Upper bound on one recording; the orchestrator's --duration is far below it. */
const MAX_RECORDING_MS = 24 * 3_600_000;

/** Lines bpftrace 0.17 prints on every run here that mean nothing for the user. */
const HARMLESS_STDERR = [/couldn't set RLIMIT_MEMLOCK/, /available_filter_functions: Operation not permitted/];

/** bpftrace's stderr without the harmless warnings, for messages and notes. */
export function relevantStderr(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !HARMLESS_STDERR.some((re) => re.test(line)));
}

/** What a stopped session hands back. */
export interface StoppedSession {
  output: BpftraceOutput;
  result: RunResult;
  /** Set when bpftrace did not print its maps (died, or ignored the stop signal). */
  failure?: string;
}

/**
 * One running bpftrace with the backend's program. `start` resolves on the ready marker BEGIN
 * prints — never a fixed sleep — so the container can start with nothing missed. In bpftrace
 * 0.17 (BPFtrace::run) BEGIN runs before the other probes are attached, but what it prints waits
 * in a perf buffer that only the event loop reads, and the loop starts after every probe is
 * attached (or bpftrace exits) and after its stop handler is in place: the marker on stdout
 * means every probe counts and a stop signal is handled (checked here when the line arrives:
 * the 6 tracepoints' and 2 output buffers' perf events open, SIGINT and SIGTERM caught; a signal
 * before it ends bpftrace cleanly, without the marker).
 */
export class BpftraceSession {
  private readonly reader: BpftraceJsonReader;
  private readonly ready: Promise<void>;
  private readonly drained: Promise<void>;
  private stderrText = '';
  private settled: RunResult | undefined;

  private constructor(
    private readonly child: Spawned,
    readonly startedAt: number,
    onPrintf?: (text: string) => void,
  ) {
    let markReady = () => {};
    this.ready = new Promise((resolve) => (markReady = resolve));
    this.reader = new BpftraceJsonReader(EBPF_READY_MARKER, markReady, onPrintf);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => this.reader.addLine(line));
    this.drained = new Promise((resolve) => lines.once('close', () => resolve()));
    child.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderrText.length < 64_000) this.stderrText += chunk.toString('utf8');
    });
    child.result.then((r) => (this.settled = r)).catch(() => undefined);
  }

  /** Milliseconds from spawn to ready (set once started). */
  attachMs = 0;

  /** bpftrace's pid (undefined if it never started). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Spawn bpftrace and wait until it is attached; EnvironmentError when it cannot attach. An
   * attach passes its program extension and takes the lines the program prints.
   */
  static async start(
    runner: Runner,
    signal: AbortSignal,
    key: NamespaceKey,
    attach?: { extension: ProgramExtension; onPrintf: (text: string) => void },
  ): Promise<BpftraceSession> {
    const child = runner.spawn('bpftrace', ebpfArgs(key, attach?.extension), {
      env: { ...EBPF_ENV },
      streamStdout: true,
      streamStderr: true,
      timeoutMs: MAX_RECORDING_MS,
    });
    const session = new BpftraceSession(child, performance.now(), attach?.onPrintf);
    await holdTracer(child);
    await session.waitReady(signal);
    session.attachMs = performance.now() - session.startedAt;
    return session;
  }

  /** Wait for the ready marker, bounded by ATTACH_TIMEOUT_MS, bpftrace's exit and the interrupt signal. */
  private async waitReady(signal: AbortSignal): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort = () => {};
    const outcome = await Promise.race([
      this.ready.then(() => 'ready' as const),
      this.child.result.then(() => 'exited' as const),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ATTACH_TIMEOUT_MS))),
      new Promise<'aborted'>((resolve) => {
        onAbort = () => resolve('aborted');
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    if (outcome === 'ready') return;
    this.kill();
    if (outcome === 'aborted') throw new InterruptedError('interrupted while bpftrace was attaching');
    await this.child.result;
    throw this.attachFailure(outcome === 'timeout');
  }

  private attachFailure(timedOut: boolean): EnvironmentError {
    const how = timedOut
      ? `was not attached after ${ATTACH_TIMEOUT_MS / 1000}s`
      : `exited (${describeEnd(this.settled!)})`;
    const detail = relevantStderr(this.stderrText).slice(-20);
    return new EnvironmentError(
      `bpftrace ${how} before its probes were attached${detail.length ? `:\n  ${detail.join('\n  ')}` : ''}`,
      {
        hint: 'run as root with tracefs mounted (mount -t tracefs nodev /sys/kernel/tracing), or use --backend audit',
      },
    );
  }

  /** Ask bpftrace to print its maps and exit (STOP_SIGNAL), and read them. */
  async stop(): Promise<StoppedSession> {
    // bpftrace 0.17's event loop (BPFtrace::poll_perf_events, epoll_wait with a 100 ms timeout)
    // reads the handler's flag only when epoll_wait fails with EINTR or a perf event arrives. A
    // signal that lands while it is not asleep in epoll_wait — just after it printed a line (the
    // ready marker, an admission), or after the timeout expired and before it runs again, which
    // is longer under load — is missed until the next printf, and an idle program prints none (1
    // of 10 signals sent as the marker arrived; also one sent 200 ms after it): so it is repeated.
    // A Ctrl-C at the terminal reaches bpftrace too (same process group) and starts the same
    // shutdown; the SIGTERMs that follow cannot kill it.
    const interrupt = () => {
      if (!this.settled) this.child.kill(STOP_SIGNAL);
    };
    interrupt();
    const repeat = setInterval(interrupt, STOP_REPEAT_MS);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const result = await this.child.result;
    clearInterval(repeat);
    clearTimeout(timer);
    await this.drained;
    const output = this.reader.output;
    const printed = output.enter.length + output.fail.length + output.caps.length > 0;
    const failure = printed ? undefined : `bpftrace ended without printing its counts (${describeEnd(result)})`;
    return { output, result: { ...result, stderr: this.stderrText }, failure };
  }

  /** Stop at once, without reading the maps (failures, dispose). */
  kill(): void {
    if (!this.settled) this.child.kill('SIGKILL');
  }

  /** Lines bpftrace wrote to stderr that matter (warnings, errors). */
  get warnings(): string[] {
    return relevantStderr(this.stderrText);
  }
}

function describeEnd(result: RunResult): string {
  if (result.timedOut) return 'timed out';
  if (result.signal) return `killed by ${result.signal}`;
  return `exit code ${result.exitCode}`;
}

/** Write down the tracer so that `seccompose cleanup` can stop it if this process dies; crossed off when it exits. */
async function holdTracer(child: Spawned): Promise<void> {
  const start = child.pid === undefined ? undefined : startTimeOf(child.pid);
  if (child.pid === undefined || start === undefined) return;
  const tracer: Resource = { kind: 'tracer', pid: child.pid, start, command: 'bpftrace' };
  await holdResource(tracer);
  void child.result.finally(() => releaseResource(tracer)).catch(() => undefined);
}
