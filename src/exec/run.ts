import { execa, execaSync, type ResultPromise } from 'execa';
import { EnvironmentError, InterruptedError, SETUP_COMMAND, type ToolErrorOptions } from '../errors.js';

/** The outcome of a finished process; failure is data here, callers decide what it means. */
export interface RunResult {
  command: string;
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  cancelled: boolean;
  failed: boolean;
}

export interface RunOptions {
  /** Milliseconds before SIGTERM, then SIGKILL after `killAfterMs`. Every run has a timeout. */
  timeoutMs?: number;
  killAfterMs?: number;
  signal?: AbortSignal;
  input?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Pass the child's stdout/stderr through to ours instead of capturing. */
  inherit?: boolean;
  /**
   * Start the child in its own process group: `kill` then signals the whole group (the child and
   * everything it started). The caller ends the group itself; `signal` and `timeoutMs` still apply.
   */
  group?: boolean;
}

export interface SpawnOptions extends RunOptions {
  /** Keep stdout as a stream for the caller to consume (not buffered). */
  streamStdout?: boolean;
  streamStderr?: boolean;
}

/** Default timeout for short helper commands (probes, docker inspect, ...). */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** A started process: its streams, its pid and a promise of its result. */
export interface Spawned {
  pid: number | undefined;
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
  kill(signal?: NodeJS.Signals): boolean;
  result: Promise<RunResult>;
}

/** Runs processes from argument arrays (never shell strings). Tests pass their own. */
export interface Runner {
  run(file: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  spawn(file: string, args: readonly string[], options?: SpawnOptions): Spawned;
}

function execaOptions(options: SpawnOptions) {
  return {
    reject: false,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    forceKillAfterDelay: options.killAfterMs ?? 5_000,
    cancelSignal: options.signal,
    cleanup: !options.group,
    detached: Boolean(options.group),
    input: options.input,
    env: options.env,
    extendEnv: true,
    cwd: options.cwd,
    stripFinalNewline: false,
    stdin: options.input === undefined ? ('ignore' as const) : ('pipe' as const),
    stdout: options.inherit ? ('inherit' as const) : ('pipe' as const),
    stderr: options.inherit ? ('inherit' as const) : ('pipe' as const),
    buffer: { stdout: !options.streamStdout, stderr: !options.streamStderr },
    maxBuffer: 256 * 1024 * 1024,
  };
}

async function settle(file: string, child: ResultPromise): Promise<RunResult> {
  try {
    const r = await child;
    const startFailure = startFailureOf(r);
    if (startFailure !== undefined) throw spawnFailure(file, startFailure);
    return {
      command: r.escapedCommand,
      exitCode: r.exitCode,
      signal: r.signal,
      stdout: typeof r.stdout === 'string' ? r.stdout : '',
      stderr: typeof r.stderr === 'string' ? r.stderr : '',
      timedOut: r.timedOut,
      cancelled: r.isCanceled,
      failed: r.failed,
    };
  } catch (error) {
    throw error instanceof CommandStartError ? error : spawnFailure(file, error);
  }
}

/** With `reject: false` execa reports a program that never started as a failed result whose cause is the spawn error. */
function startFailureOf(result: {
  failed: boolean;
  exitCode?: number;
  signal?: string;
  timedOut: boolean;
  isCanceled: boolean;
  cause?: unknown;
}): NodeJS.ErrnoException | undefined {
  if (!result.failed || result.exitCode !== undefined || result.signal || result.timedOut || result.isCanceled)
    return undefined;
  const cause = result.cause as NodeJS.ErrnoException | undefined;
  return typeof cause?.code === 'string' && typeof cause.syscall === 'string' && cause.syscall.startsWith('spawn')
    ? cause
    : undefined;
}

/** A program could not be started at all (not installed, not executable); exit 3. */
export class CommandStartError extends EnvironmentError {
  /** The program, as it was asked for. */
  readonly file: string;
  /** It is not installed or not on PATH (ENOENT), rather than present but unusable. */
  readonly missing: boolean;
  constructor(file: string, missing: boolean, message: string, options: ToolErrorOptions) {
    super(message, options);
    this.file = file;
    this.missing = missing;
  }
}

function spawnFailure(file: string, error: unknown): CommandStartError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new CommandStartError(file, true, `${file} is not installed or not on PATH`, {
      hint: `run \`${SETUP_COMMAND}\` (as root) to install what seccompose needs`,
      cause: error,
    });
  }
  return new CommandStartError(file, false, `could not start ${file}${code ? ` (${code})` : ''}`, {
    hint: `check that ${file} is executable by this user`,
    cause: error,
  });
}

/** The real runner, backed by execa. The only place in seccompose that starts processes. */
export const processRunner: Runner = {
  async run(file, args, options = {}) {
    return settle(file, execa(file, [...args], execaOptions(options)) as ResultPromise);
  },
  spawn(file, args, options = {}) {
    const child = execa(file, [...args], execaOptions(options)) as ResultPromise;
    const pid = child.pid;
    return {
      pid,
      stdout: options.streamStdout ? child.stdout : null,
      stderr: options.streamStderr ? child.stderr : null,
      kill: (signal) => (options.group && pid !== undefined ? killGroup(pid, signal ?? 'SIGTERM') : child.kill(signal)),
      result: settle(file, child),
    };
  },
};

/** Signal every process of a process group; false when none is left (ESRCH). */
export function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Run a command synchronously, for the last cleanup before the process exits (a second Ctrl-C):
 * there is no event loop turn left to await anything. Failure is ignored; the caller says what
 * to remove by hand.
 */
export function runSyncQuietly(file: string, args: readonly string[], timeoutMs: number): boolean {
  try {
    return execaSync(file, [...args], { reject: false, timeout: timeoutMs, stdio: 'ignore' }).exitCode === 0;
  } catch {
    return false;
  }
}

/** Describe a finished command for an error message: escaped command, exit code or signal, stderr tail. */
export function describeFailure(result: RunResult, maxLines = 20): string {
  const how = result.timedOut
    ? 'timed out'
    : result.cancelled
      ? 'was interrupted'
      : result.signal
        ? `was killed by ${result.signal}`
        : `exited with code ${result.exitCode}`;
  const tail = result.stderr.trim().split('\n').filter(Boolean).slice(-maxLines);
  return [`\`${result.command}\` ${how}`, ...tail.map((line) => `  ${line}`)].join('\n');
}

/** Throw InterruptedError when the run was cancelled by the user's Ctrl-C. */
export function throwIfCancelled(result: RunResult): void {
  if (result.cancelled) throw new InterruptedError(`interrupted while running \`${result.command}\``);
}
