import { setTimeout as delay } from 'node:timers/promises';
import { killGroup, type Runner, type Spawned } from '../exec/run.js';
import { trackLive } from './live.js';

/** How long an exercise may take to finish by itself once the workload has exited. */
const SETTLE_MS = 2_000;
/** Between SIGTERM and SIGKILL to the exercise's process group when seccompose ends it. */
export const EXERCISE_KILL_GRACE_MS = 2_000;
/** Beyond the exercise timeout, the runner's own bound (it never fires when the group is ended in time). */
const BACKSTOP_MS = 60_000;
const GROUP_POLL_MS = 50;

/** How the workload ended while the exercise ran (its exit code when known). */
export interface WorkloadExit {
  exitCode: number | undefined;
  detail: string;
}

/** How an exercise ended. */
export type ExerciseEnd =
  /** It ended by itself with this status. */
  | { kind: 'exited'; exitCode: number | undefined; signal: string | undefined }
  /** It ran past `--exercise-timeout` and was ended. */
  | { kind: 'timed-out'; timeoutS: number }
  /** The workload exited first; the exercise was ended. */
  | { kind: 'workload-exited'; workload: WorkloadExit }
  /** `--duration` ran out first; the exercise was ended. */
  | { kind: 'duration' }
  /** Ctrl-C; the exercise was ended. */
  | { kind: 'interrupted' };

export interface ExerciseRequest {
  command: string;
  /** SECCOMPOSE_CONTAINER_IP, SECCOMPOSE_PORT_80, ... */
  env: Record<string, string>;
  timeoutS: number;
  runner: Runner;
  /** The user's Ctrl-C. */
  signal: AbortSignal;
  /** `--duration` ran out. */
  stop?: AbortSignal;
  /** Settles when the workload exits (never, for one that keeps running). */
  workloadExited: Promise<WorkloadExit>;
}

/**
 * Run the user's exercise command as a compose healthcheck's CMD-SHELL runs: `sh -c CMD`, in
 * its own process group. The command text is the user's own shell code, passed as one
 * argument, never built from other input; its output goes to our stderr (stdout is the
 * product). It ends by itself, or seccompose ends its whole group (SIGTERM, SIGKILL after
 * EXERCISE_KILL_GRACE_MS) when the workload exits, the timeout or --duration runs out, or on Ctrl-C.
 */
export async function runExercise(request: ExerciseRequest): Promise<ExerciseEnd> {
  const child = request.runner.spawn('sh', ['-c', request.command], {
    env: request.env,
    group: true,
    streamStdout: true,
    streamStderr: true,
    timeoutMs: request.timeoutS * 1000 + BACKSTOP_MS,
  });
  child.stdout?.pipe(process.stderr, { end: false });
  child.stderr?.pipe(process.stderr, { end: false });
  const untrack = child.pid === undefined ? () => undefined : trackLive({ kind: 'group', pgid: child.pid });
  const quit = new AbortController();
  const signals = [request.signal, request.stop, quit.signal].filter((s): s is AbortSignal => s !== undefined);
  try {
    const first = await Promise.race([
      child.result.then((result) => ({ kind: 'result' as const, result })),
      // A watch that fails cannot tell anything: the exercise then simply runs on.
      request.workloadExited.then(
        (workload) => ({ kind: 'workload' as const, workload }),
        () => new Promise<never>(() => undefined),
      ),
      delay(request.timeoutS * 1000, { kind: 'timeout' as const }, { signal: AbortSignal.any(signals) }).catch(() => ({
        kind: 'aborted' as const,
      })),
    ]);
    // The exercise may itself end the workload (a `docker kill`, a shutdown request) and exit a
    // moment later: give it that moment before calling the workload's exit a failure.
    const settled =
      first.kind === 'workload'
        ? await Promise.race([
            child.result.then((result) => ({ kind: 'result' as const, result })),
            delay(SETTLE_MS, { kind: 'running' as const }, { ref: false }),
          ])
        : first;
    if (settled.kind === 'result') {
      child.kill('SIGKILL'); // background jobs the command left behind
      return { kind: 'exited', exitCode: settled.result.exitCode, signal: settled.result.signal };
    }
    await endGroup(child);
    if (first.kind === 'workload') return { kind: 'workload-exited', workload: first.workload };
    if (first.kind === 'timeout') return { kind: 'timed-out', timeoutS: request.timeoutS };
    return request.signal.aborted ? { kind: 'interrupted' } : { kind: 'duration' };
  } finally {
    quit.abort();
    untrack();
  }
}

/** SIGTERM to the group, SIGKILL to what is left of it after the grace period; resolves once the shell has ended. */
async function endGroup(child: Spawned): Promise<void> {
  child.kill('SIGTERM');
  const deadline = Date.now() + EXERCISE_KILL_GRACE_MS;
  // The group outlives its shell when a job ignores SIGTERM: wait for the whole group, bounded.
  while (Date.now() < deadline && child.pid !== undefined && killGroup(child.pid, 0)) await delay(GROUP_POLL_MS);
  child.kill('SIGKILL');
  await child.result;
}
