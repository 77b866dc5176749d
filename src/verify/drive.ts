import type { ContainerEngine } from '../engine/docker.js';
import { InterruptedError } from '../errors.js';
import type { Runner } from '../exec/run.js';
import { runExercise } from '../record/exercise.js';
import type { ExerciseFact } from './verdict.js';

/** How the ready workload is driven. */
export interface DriveSpec {
  exercise?: string;
  durationS?: number;
}

/**
 * Once the workload is ready: run the exercise (ended early by --duration if given), or wait
 * --duration, or wait until it exits by itself. Throws InterruptedError on Ctrl-C.
 */
export async function driveExercise(
  id: string,
  plan: DriveSpec,
  env: Record<string, string>,
  deps: { engine: ContainerEngine; runner: Runner; signal: AbortSignal; onPhase?: (phase: string) => void },
): Promise<ExerciseFact> {
  const timer = plan.durationS === undefined ? undefined : AbortSignal.timeout(plan.durationS * 1000);
  const signal = timer ? AbortSignal.any([deps.signal, timer]) : deps.signal;
  if (plan.exercise) {
    deps.onPhase?.('exercising');
    const result = await runExercise(plan.exercise, { runner: deps.runner, signal, env });
    if (deps.signal.aborted) throw new InterruptedError('interrupted during the exercise');
    return {
      kind: 'ran',
      exitCode: result.exitCode,
      signal: result.signal,
      timedOut: result.timedOut,
      stoppedByDuration: Boolean(timer?.aborted),
    };
  }
  deps.onPhase?.(timer ? `running for ${plan.durationS}s` : 'running until the workload exits');
  try {
    await deps.engine.wait(id, signal);
  } catch (error) {
    if (deps.signal.aborted) throw new InterruptedError('interrupted while the workload ran');
    if (!timer?.aborted) throw error;
  }
  return { kind: 'none' };
}
