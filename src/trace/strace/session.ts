import { createReadStream, constants as fsConstants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { describeFailure, type Runner, type RunResult, type Spawned } from '../../exec/run.js';
import type { SeccompArch } from '../../model/profile.js';
import { SyscallTally } from '../../observation/tally.js';
import { StraceParser, type TraceRouter } from './parse.js';

/** A recording may last as long as the user wants; this only bounds a forgotten one (24 h). */
export const RECORD_TIMEOUT_MS = 24 * 3600_000;
const STDERR_TAIL_LINES = 20;

export interface StraceSessionOptions {
  runner: Runner;
  /** Private directory for the FIFO strace writes to. */
  tempDir: string;
  native: SeccompArch;
  /** strace's arguments, without `-o`. */
  args: readonly string[];
  onProgress?: (events: number, distinct: number) => void;
  /** Where strace's (and the traced command's) stdout/stderr go; default: our stderr; null: nowhere. */
  output?: NodeJS.WritableStream | null;
  /** Route each process's events to its own tally (see TraceRouter). */
  router?: TraceRouter;
  /** Called with each line strace writes on stderr (e.g. "strace: Process N attached"). */
  onStderrLine?: (line: string) => void;
}

/**
 * strace running with its output (`-o`) on a FIFO in a private temp dir, parsed as it streams:
 * no trace file grows on disk, and strace (hence the workload) is held back only while the
 * parser is behind by more than the pipe buffer. The traced command's stdout and stderr go to
 * our stderr (stdout is the product).
 */
export class StraceSession {
  readonly tally = new SyscallTally();
  readonly parser: StraceParser;
  /** strace's result, once it and the parsing of everything it wrote are done. */
  readonly done: Promise<RunResult>;
  /** Resolves true once strace reported the command's first syscall; false if it ended first. */
  readonly started: Promise<boolean>;
  private markStarted: (started: boolean) => void = () => undefined;
  private readonly stderrTail: string[] = [];
  private readonly spawned: Spawned;

  private constructor(options: StraceSessionOptions, fifo: string) {
    this.parser = new StraceParser(this.tally, { native: options.native, router: options.router });
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    this.spawned = options.runner.spawn('strace', ['-o', fifo, ...options.args], {
      streamStdout: true,
      streamStderr: true,
      timeoutMs: RECORD_TIMEOUT_MS,
      killAfterMs: 5_000,
    });
    const output = options.output === undefined ? process.stderr : options.output;
    this.spawned.stdout?.on('data', (chunk: Buffer) => output?.write(chunk));
    this.spawned.stderr?.on('data', (chunk: Buffer) => {
      output?.write(chunk);
      this.keepTail(chunk.toString('utf8'), options.onStderrLine);
    });
    let finished = false;
    const pumped = this.pump(fifo, options.onProgress).finally(() => {
      finished = true;
      this.markStarted(false);
    });
    this.done = this.spawned.result.then(async (result) => {
      await unblockReader(fifo, () => finished);
      await pumped;
      return result;
    });
  }

  /** Make the FIFO and start strace writing to it. */
  static async start(options: StraceSessionOptions): Promise<StraceSession> {
    const fifo = join(options.tempDir, 'strace.fifo');
    const made = await options.runner.run('mkfifo', ['-m', '600', fifo]);
    if (made.failed) {
      throw new EnvironmentError(`cannot make the FIFO strace writes to: ${describeFailure(made)}`, {
        hint: `seccompose needs a writable temporary directory (${options.tempDir}); set TMPDIR to one`,
      });
    }
    return new StraceSession(options, fifo);
  }

  /** The pid of strace itself. */
  get pid(): number | undefined {
    return this.spawned.pid;
  }

  /** Send a signal to strace itself (SIGKILL detaches every tracee). */
  killTracer(signal: NodeJS.Signals): void {
    this.spawned.kill(signal);
  }

  /** The last lines strace (and the workload) wrote on stderr, for error messages. */
  get stderr(): string {
    return this.stderrTail.join('\n');
  }

  private async pump(fifo: string, onProgress: StraceSessionOptions['onProgress']): Promise<void> {
    // Opening a FIFO for reading waits for strace to open it for writing (a threadpool thread).
    for await (const chunk of createReadStream(fifo, { highWaterMark: 1 << 18 })) {
      this.parser.push(chunk as Buffer);
      if (this.parser.leader !== undefined) this.markStarted(true);
      onProgress?.(this.parser.events, this.tally.distinct);
    }
    this.parser.end();
    this.markStarted(this.parser.leader !== undefined);
    onProgress?.(this.parser.events, this.tally.distinct);
  }

  private keepTail(text: string, onLine: ((line: string) => void) | undefined): void {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      this.stderrTail.push(line);
      onLine?.(line);
    }
    if (this.stderrTail.length > STDERR_TAIL_LINES)
      this.stderrTail.splice(0, this.stderrTail.length - STDERR_TAIL_LINES);
  }
}

/**
 * If strace exited without ever opening the FIFO (it failed early), our reader is still blocked
 * in open(2): open the write end once (non-blocking: it succeeds only while a reader waits) and
 * close it, so that the reader sees end-of-file. The reader's open may not have been issued yet
 * (it runs on the threadpool), so this retries briefly until the pump has finished.
 */
async function unblockReader(fifo: string, finished: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !finished(); attempt++) {
    try {
      const handle = await open(fifo, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK);
      await handle.close();
      return;
    } catch {
      // ENXIO: no reader has the FIFO open at this instant; it is about to, or is done.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
