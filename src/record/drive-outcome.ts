import type { ContainerEngine } from '../engine/docker.js';
import type { Runner } from '../exec/run.js';
import { containerTarget } from '../workload/container.js';
import { driveWorkload, exerciseProblem, type DrivePlan, type DriveResult } from '../workload/drive.js';
import { waitForReady, type TcpProbe } from '../workload/readiness.js';

/** What happened while driving a recording: reasons it is incomplete, and notes. */
export interface DriveOutcome {
  incompleteReasons: string[];
  notes: string[];
}

export interface RecordDriveDeps {
  engine: ContainerEngine;
  runner: Runner;
  signal: AbortSignal;
  onPhase: (phase: string) => void;
  connect?: TcpProbe;
}

/**
 * Wait until the recorded container is ready, then drive it (src/workload/drive.ts). Returns
 * when it should be stopped, with what makes the recording partial. Throws InterruptedError on Ctrl-C.
 */
export async function driveReadyContainer(
  id: string,
  plan: DrivePlan & { readyTimeoutS: number },
  deps: RecordDriveDeps,
): Promise<DriveOutcome> {
  const outcome: DriveOutcome = { incompleteReasons: [], notes: [] };
  deps.onPhase('waiting for ready');
  const ready = await waitForReady(deps.engine, id, {
    timeoutMs: plan.readyTimeoutS * 1000,
    signal: deps.signal,
    connect: deps.connect,
  });
  if (ready.kind === 'never-ready') {
    outcome.incompleteReasons.push(
      `the container never became ready: ${ready.detail}${plan.exercise ? '; the exercise did not run' : ''}`,
    );
    return outcome;
  }
  if (ready.kind === 'exited') {
    if (plan.exercise)
      outcome.incompleteReasons.push(`the container ${ready.detail} before it was ready; the exercise did not run`);
    return outcome;
  }
  outcome.notes.push(`ready: ${ready.detail}`);
  const result = await driveWorkload(plan, containerTarget(deps.engine, ready.state), deps);
  addDriveResult(outcome, result, plan);
  return outcome;
}

/** Turn how driving ended into the recording's notes and incomplete reasons. */
export function addDriveResult(outcome: DriveOutcome, result: DriveResult, plan: DrivePlan): void {
  if (result.kind === 'waited') return;
  if (result.end.kind === 'duration') {
    outcome.notes.push(`the exercise was stopped after --duration ${plan.durationS}s`);
    return;
  }
  const problem = exerciseProblem(result.end);
  if (problem) outcome.incompleteReasons.push(`${problem}, so the workload may not have done what it should`);
}
