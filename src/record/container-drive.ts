import type { ContainerEngine, ContainerState } from '../engine/docker.js';
import { InterruptedError } from '../errors.js';
import type { Runner } from '../exec/run.js';
import { runExercise } from './exercise.js';
import { waitForReady, type TcpProbe } from './readiness.js';

/** How the workload is driven once its container runs. */
export interface DrivePlan {
  /** Shell command run against the ready container; the container is stopped when it ends. */
  exercise?: string;
  /** Stop the container this many seconds after it is ready (or when the exercise ends, if sooner). */
  durationS?: number;
  readyTimeoutS: number;
}

export interface DriveDeps {
  engine: ContainerEngine;
  runner: Runner;
  signal: AbortSignal;
  onPhase: (phase: string) => void;
  connect?: TcpProbe;
}

/** What happened while driving: reasons the recording is incomplete, and notes. */
export interface DriveOutcome {
  incompleteReasons: string[];
  notes: string[];
}

/**
 * Wait for readiness, then run the exercise, or wait `--duration`, or wait for the container to
 * exit by itself. Returns when the container should be stopped. Throws InterruptedError on Ctrl-C.
 */
export async function driveWorkload(id: string, plan: DrivePlan, deps: DriveDeps): Promise<DriveOutcome> {
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
  const timer = plan.durationS === undefined ? undefined : AbortSignal.timeout(plan.durationS * 1000);
  const signal = timer ? AbortSignal.any([deps.signal, timer]) : deps.signal;
  if (plan.exercise) {
    deps.onPhase('exercising');
    const result = await runExercise(plan.exercise, { runner: deps.runner, signal, env: exerciseEnv(ready.state) });
    if (deps.signal.aborted) throw new InterruptedError('interrupted during the exercise');
    if (timer?.aborted) outcome.notes.push(`the exercise was stopped after --duration ${plan.durationS}s`);
    else if (result.exitCode !== 0) {
      const how = result.signal
        ? `was killed by ${result.signal}`
        : result.timedOut
          ? 'timed out'
          : `exited with code ${result.exitCode}`;
      outcome.incompleteReasons.push(`the exercise command ${how}, so the workload may not have done what it should`);
    }
    return outcome;
  }
  deps.onPhase(timer ? `recording for ${plan.durationS}s` : 'running until the container exits');
  try {
    await deps.engine.wait(id, signal);
  } catch (error) {
    if (deps.signal.aborted || !timer?.aborted) throw error;
  }
  return outcome;
}

/**
 * The environment the exercise command gets: SECCOMPOSE_CONTAINER_ID/_NAME/_IP and, per
 * published port, SECCOMPOSE_PORT_<container port>[_UDP] = the host port (on 127.0.0.1 or the
 * binding's address).
 */
export function exerciseEnv(state: ContainerState): Record<string, string> {
  const env: Record<string, string> = {
    SECCOMPOSE_CONTAINER_ID: state.id,
    SECCOMPOSE_CONTAINER_NAME: state.name,
    SECCOMPOSE_CONTAINER_IP: state.ip ?? '',
  };
  for (const p of state.published) {
    const key = `SECCOMPOSE_PORT_${p.containerPort}${p.protocol === 'tcp' ? '' : `_${p.protocol.toUpperCase()}`}`;
    env[key] ??= String(p.hostPort);
  }
  return env;
}
