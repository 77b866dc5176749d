import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { InterruptedError } from '../errors.js';
import type { Runner, RunResult } from '../exec/run.js';
import type { Logger } from '../log.js';
import { driveExercise } from './exercise-fact.js';
import type { EndFact, ExerciseFact, ReadyFact } from './verdict.js';

/** Bound on one host-command run (the exercise and --duration end it sooner). */
const RUN_TIMEOUT_MS = 24 * 3_600_000;
const POLL_MS = 50;

/** One `runc run` of a prepared bundle. */
export interface HostRunPlan {
  runtime: string;
  bundle: string;
  id: string;
  exercise?: string;
  durationS?: number;
  exerciseTimeoutS: number;
  readyTimeoutS: number;
  graceS: number;
}

export interface HostRunDeps {
  runner: Runner;
  logger: Logger;
  signal: AbortSignal;
  onPhase?: (phase: string) => void;
  /** Called once the init's pid is known (tracers attach to its namespace). */
  onStarted?: (pid: number) => Promise<void>;
}

/** What the run established, plus the init's host pid (for audit attribution) and its output. */
export interface HostRunResult {
  ready: ReadyFact;
  exercise: ExerciseFact;
  end: EndFact;
  pid: number | undefined;
  result: RunResult;
}

/**
 * Run the bundle with the OCI runtime in the foreground (`runc run --pid-file`): ready once the
 * runtime wrote the init's pid, then the exercise / --duration / wait for exit, then SIGTERM and
 * SIGKILL after the grace period. The container is always deleted (`runc delete -f`).
 */
export async function runHostOnce(plan: HostRunPlan, deps: HostRunDeps): Promise<HostRunResult> {
  const pidFile = join(plan.bundle, `${plan.id}.pid`);
  const child = deps.runner.spawn(plan.runtime, ['run', '--bundle', plan.bundle, '--pid-file', pidFile, plan.id], {
    timeoutMs: RUN_TIMEOUT_MS,
  });
  let settled: RunResult | undefined;
  const finished = child.result.then((r) => (settled = r));
  try {
    deps.onPhase?.('starting');
    const pid = await waitForPid(pidFile, () => settled !== undefined, plan.readyTimeoutS * 1000, deps.signal);
    if (pid === undefined) {
      const result = await stop(plan, deps, finished);
      const detail =
        result.stderr.trim().split('\n').slice(-3).join(' ') || `${plan.runtime} exited with code ${result.exitCode}`;
      return {
        ready: { kind: 'failed-to-start', detail },
        exercise: { kind: 'none' },
        end: { kind: 'exited', exitCode: result.exitCode ?? -1, oomKilled: false },
        pid,
        result,
      };
    }
    await deps.onStarted?.(pid);
    const exercise = await driveExercise(
      plan,
      {
        env: { SECCOMPOSE_CONTAINER_ID: plan.id },
        watchExit: () => finished.then((r) => ({ exitCode: r.exitCode, detail: `exited with code ${r.exitCode}` })),
      },
      deps,
    );
    const wasRunning = settled === undefined;
    deps.onPhase?.('stopping');
    const result = await stop(plan, deps, finished);
    const exitCode = result.exitCode ?? -1;
    const end: EndFact = wasRunning
      ? { kind: 'stopped', exitCode, graceS: plan.graceS }
      : { kind: 'exited', exitCode, oomKilled: false };
    return { ready: { kind: 'ready', detail: `${plan.runtime} started it` }, exercise, end, pid, result };
  } finally {
    child.kill('SIGKILL');
    await finished.catch(() => undefined);
    await deps.runner.run(plan.runtime, ['delete', '--force', plan.id], { timeoutMs: 30_000 });
  }
}

async function waitForPid(
  file: string,
  exited: () => boolean,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited()) {
    if (signal.aborted) throw new InterruptedError('interrupted while the command started');
    const pid = await readPid(file);
    if (pid !== undefined) return pid;
    await delay(POLL_MS);
  }
  return readPid(file);
}

async function readPid(file: string): Promise<number | undefined> {
  try {
    await access(file);
    const pid = Number((await readFile(file, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** SIGTERM, then SIGKILL after the grace period, through the runtime; returns the run's result. */
async function stop(plan: HostRunPlan, deps: HostRunDeps, finished: Promise<RunResult>): Promise<RunResult> {
  const kill = (signal: string) => deps.runner.run(plan.runtime, ['kill', plan.id, signal], { timeoutMs: 30_000 });
  const cancel = new AbortController();
  const grace = delay(plan.graceS * 1000, 'grace' as const, { signal: cancel.signal }).catch(() => 'done' as const);
  await kill('TERM');
  const first = await Promise.race([finished.then(() => 'done' as const), grace]);
  cancel.abort();
  if (first === 'grace') await kill('KILL');
  return finished;
}
