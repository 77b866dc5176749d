import { InterruptedError } from '../errors.js';
import type { Runner } from '../exec/run.js';
import { runExercise, type ExerciseEnd, type WorkloadExit } from './exercise.js';

/** How a ready workload is driven (the same for record and verify, containers and commands). */
export interface DrivePlan {
  /** Shell command run against the ready workload; the workload is stopped when it ends. */
  exercise?: string;
  /** Stop after this many seconds (ends the exercise too, if it is still running). */
  durationS?: number;
  /** The longest the exercise may run (`--exercise-timeout`). */
  exerciseTimeoutS: number;
}

/** The workload being driven. */
export interface DriveTarget {
  /** The exercise's extra environment. */
  env: Record<string, string>;
  /** Settles when the workload exits; `signal` aborts the watch once driving is over. */
  watchExit: (signal: AbortSignal) => Promise<WorkloadExit>;
}

export interface DriveDeps {
  runner: Runner;
  signal: AbortSignal;
  onPhase?: (phase: string) => void;
}

/** What driving did: ran the exercise (and how it ended), or waited. */
export type DriveResult =
  | { kind: 'exercised'; end: ExerciseEnd }
  /** No exercise: the workload exited by itself, or --duration ran out while it was up. */
  | { kind: 'waited'; until: 'exited' | 'duration' };

/**
 * Drive a ready workload: run the exercise (ended early by --duration, by the workload's exit
 * or by --exercise-timeout), or wait --duration, or wait until the workload exits by itself.
 * Returns when the workload should be stopped. Throws InterruptedError on Ctrl-C.
 */
export async function driveWorkload(plan: DrivePlan, target: DriveTarget, deps: DriveDeps): Promise<DriveResult> {
  const done = new AbortController();
  const duration = plan.durationS === undefined ? undefined : AbortSignal.timeout(plan.durationS * 1000);
  const exited = target.watchExit(done.signal);
  // A watch cut short by `done` rejects; nobody awaits it after driving.
  exited.catch(() => undefined);
  try {
    if (plan.exercise !== undefined) {
      deps.onPhase?.('exercising');
      const end = await runExercise({
        command: plan.exercise,
        env: target.env,
        timeoutS: plan.exerciseTimeoutS,
        runner: deps.runner,
        signal: deps.signal,
        stop: duration,
        workloadExited: exited,
      });
      if (end.kind === 'interrupted') throw new InterruptedError('interrupted during the exercise');
      return { kind: 'exercised', end };
    }
    deps.onPhase?.(duration ? `running for ${plan.durationS}s` : 'running until the workload exits');
    const stop = AbortSignal.any([deps.signal, ...(duration ? [duration] : [])]);
    const stopped = new Promise<'stopped'>((resolve) => {
      if (stop.aborted) resolve('stopped');
      stop.addEventListener('abort', () => resolve('stopped'), { once: true });
    });
    const first = await Promise.race([exited.then(() => 'exited' as const), stopped]);
    if (deps.signal.aborted) throw new InterruptedError('interrupted while the workload ran');
    return { kind: 'waited', until: first === 'exited' ? 'exited' : 'duration' };
  } finally {
    done.abort();
  }
}

/** One sentence for an exercise that did not end well (undefined: it exited 0 or --duration ended it). */
export function exerciseProblem(end: ExerciseEnd): string | undefined {
  switch (end.kind) {
    case 'exited':
      if (end.exitCode === 0) return undefined;
      return `the exercise command ${end.signal ? `was killed by ${end.signal}` : `exited with code ${end.exitCode}`}`;
    case 'timed-out':
      return `the exercise command was still running after --exercise-timeout ${end.timeoutS}s and was ended (SIGTERM, then SIGKILL to its process group)`;
    case 'workload-exited':
      return `the workload ${end.workload.detail} while the exercise ran; the exercise was ended (SIGTERM, then SIGKILL to its process group)`;
    case 'duration':
    case 'interrupted':
      return undefined;
  }
}
