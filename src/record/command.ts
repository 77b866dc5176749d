import { EnvironmentError, UsageError } from '../errors.js';
import type { Runner, RunResult } from '../exec/run.js';
import { nativeArch } from '../kernel/arch.js';
import type { Logger } from '../log.js';
import { OBSERVATION_KIND, OBSERVATION_VERSION, observationSchema, type Observation } from '../model/observation.js';
import { withTempDir } from '../io/temp-dir.js';
import { STRACE_RECORD_FLAGS } from '../trace/strace/flags.js';
import { probeStrace } from '../trace/strace/probe.js';
import { StraceSession } from '../trace/strace/session.js';
import { stopWorkload, type StopReason } from '../trace/strace/stop.js';
import { driveWorkload, exerciseProblem } from '../workload/drive.js';
import { DEFAULT_EXERCISE_TIMEOUT_S } from '../workload/exercise-timeout.js';
import { recordingHost } from './host.js';

export interface RecordCommandOptions {
  /** The command and its arguments (never a shell string). */
  command: string[];
  /** The user's driver, run with `sh -c` once the command has started; then the command is stopped. */
  exercise?: string;
  /** Stop the command this many seconds after it started. */
  durationS?: number;
  /** Seconds between SIGTERM and SIGKILL when stopping (default 10). */
  graceS?: number;
  /** The longest the exercise may run (default 10 minutes). */
  exerciseTimeoutS?: number;
  runner: Runner;
  logger: Logger;
  signal: AbortSignal;
  onProgress?: (events: number, distinct: number) => void;
}

/**
 * `seccompose record -- COMMAND [ARGS...]`: run the command under `strace -f` with the tuned
 * flags (src/trace/strace/flags.ts), parse strace's output as it streams through a FIFO, and
 * return the observation. `--exercise`/`--duration` end the command with SIGTERM (SIGKILL after
 * the grace period); Ctrl-C does the same and marks the observation partial.
 */
export async function recordCommand(options: RecordCommandOptions): Promise<Observation> {
  if (options.command.length === 0) throw new UsageError('record: no command given after --');
  const version = await probeStrace(options.runner);
  const native = nativeArch();
  return withTempDir('strace', async (tempDir) => {
    const started = Date.now();
    const session = await StraceSession.start({
      runner: options.runner,
      tempDir,
      native,
      args: [...STRACE_RECORD_FLAGS, '--', ...options.command],
      onProgress: options.onProgress,
    });
    const drive = driveCommand(session, options);
    const result = await session.done;
    const { reason, problem } = await drive.settle();
    options.logger.debug({ result: result.exitCode, signal: result.signal, reason }, 'strace finished');
    if (session.parser.recognized === 0) throw startFailure(options.command, result, session.stderr);
    return buildObservation(options, session, result, { reason, problem }, version, Date.now() - started);
  });
}

interface Drive {
  /** Why the workload was stopped (undefined: it ended by itself), and what went wrong driving it. */
  settle(): Promise<{ reason: StopReason | undefined; problem: string | undefined }>;
}

/**
 * Drive the command once strace has seen it start (its first syscall, the execve): the shared
 * exercise / --duration / Ctrl-C logic (src/workload/drive.ts), then stop it.
 */
function driveCommand(session: StraceSession, options: RecordCommandOptions): Drive {
  const stopper = new AbortController();
  let problem: string | undefined;
  const stop = (why: StopReason): StopReason => {
    void stopWorkload(session, (options.graceS ?? 10) * 1000, stopper.signal);
    return why;
  };
  const driven = (async (): Promise<StopReason | undefined> => {
    if (!(await session.started)) return undefined;
    try {
      const result = await driveWorkload(
        {
          exercise: options.exercise,
          durationS: options.durationS,
          exerciseTimeoutS: options.exerciseTimeoutS ?? DEFAULT_EXERCISE_TIMEOUT_S,
        },
        {
          env: {},
          watchExit: () =>
            session.done.then((r) => ({ exitCode: r.exitCode, detail: `exited with code ${r.exitCode ?? r.signal}` })),
        },
        { runner: options.runner, signal: options.signal },
      );
      if (result.kind === 'waited') return result.until === 'duration' ? stop('duration') : undefined;
      if (result.end.kind === 'workload-exited') {
        problem = exerciseProblem(result.end);
        return undefined;
      }
      problem = exerciseProblem(result.end);
      if (problem) options.logger.warn({ exercise: options.exercise, problem }, 'exercise command failed');
      return stop(problem ? 'exercise-failed' : result.end.kind === 'duration' ? 'duration' : 'exercise');
    } catch (error) {
      if (options.signal.aborted) return stop('interrupted');
      throw error;
    }
  })();
  return {
    async settle() {
      const reason = await driven;
      stopper.abort();
      return { reason, problem };
    },
  };
}

function buildObservation(
  options: RecordCommandOptions,
  session: StraceSession,
  result: RunResult,
  { reason, problem }: { reason: StopReason | undefined; problem: string | undefined },
  version: string,
  durationMs: number,
): Observation {
  const incompleteReasons: string[] = [];
  if (reason === 'interrupted') incompleteReasons.push('interrupted (Ctrl-C) before the command ended');
  if (problem) incompleteReasons.push(`${problem} (exercise: ${options.exercise})`);
  if (result.timedOut) incompleteReasons.push('the recording hit its 24 h limit');
  const end = session.parser.leaderEnd ?? { code: result.exitCode ?? null, signal: result.signal ?? null };
  return observationSchema.parse({
    kind: OBSERVATION_KIND,
    version: OBSERVATION_VERSION,
    workload: { kind: 'command', command: options.command },
    backend: {
      name: 'strace',
      version,
      notes: [
        `strace ${STRACE_RECORD_FLAGS.join(' ')}`,
        ...(reason ? [`stopped: ${reason}`] : []),
        ...[...session.parser.notes].sort(),
      ],
    },
    complete: incompleteReasons.length === 0,
    incompleteReasons,
    exit: end,
    durationMs,
    ...session.tally.toEvidence(),
    host: recordingHost(),
  });
}

function startFailure(command: string[], result: RunResult, stderr: string): Error {
  if (/Can't stat|No such file or directory|Permission denied/.test(stderr) && !/ptrace/i.test(stderr)) {
    return new UsageError(
      `cannot run ${command[0]}: ${stderr.split('\n').find((l) => l.startsWith('strace:')) ?? stderr}`,
      {
        hint: 'check the command after -- (a program on PATH or a path, and its arguments)',
      },
    );
  }
  return new EnvironmentError(
    `strace could not trace ${command[0]} (exit ${result.exitCode ?? result.signal}): ${stderr || 'no output'}`,
    {
      hint: 'strace needs ptrace: run as root, or allow it (kernel.yama.ptrace_scope=0; in a container, CAP_SYS_PTRACE)',
    },
  );
}
