import type { Runner } from '../exec/run.js';
import { driveWorkload, type DrivePlan, type DriveTarget } from '../workload/drive.js';
import type { ExerciseFact } from './verdict.js';

/** Drive the ready workload (src/workload/drive.ts) and say what the exercise did, as verify judges it. */
export async function driveExercise(
  plan: DrivePlan,
  target: DriveTarget,
  deps: { runner: Runner; signal: AbortSignal; onPhase?: (phase: string) => void },
): Promise<ExerciseFact> {
  const result = await driveWorkload(plan, target, deps);
  if (result.kind === 'waited') return { kind: 'none' };
  return { kind: 'ran', end: result.end };
}
