import { ContainerStartError, type ContainerEngine, type ContainerState } from '../engine/docker.js';
import { composeRunArgs, type DockerRunSpec } from '../engine/run-args.js';
import { EnvironmentError } from '../errors.js';
import type { Runner } from '../exec/run.js';
import type { Logger } from '../log.js';
import { removeContainer } from '../workload/remove.js';
import { containerTarget } from '../workload/container.js';
import { trackLive } from '../workload/live.js';
import { waitForReady, type TcpProbe } from '../workload/readiness.js';
import { runCanaryInContainer } from './canary-docker.js';
import type { CanaryRun } from './canary.js';
import { driveExercise } from './exercise-fact.js';
import { replayName } from '../workload/names.js';
import type { EndFact, ExerciseFact, ReadyFact } from './verdict.js';

/** One replay of the user's docker run under seccompose's sandbox options. */
export interface ContainerRunPlan {
  spec: DockerRunSpec;
  /** seccomp, no-new-privileges, capabilities, canary mount (see sandboxArgs). */
  sandbox: string[];
  exercise?: string;
  durationS?: number;
  exerciseTimeoutS: number;
  readyTimeoutS: number;
  graceS: number;
  /** Probe enforcement with the mounted canary while the workload is up. */
  canary: boolean;
}

export interface ContainerRunDeps {
  engine: ContainerEngine;
  runner: Runner;
  logger: Logger;
  signal: AbortSignal;
  onPhase?: (phase: string) => void;
  connect?: TcpProbe;
  /** Called once the container runs (tracers attach to its pid / namespace). */
  onStarted?: (container: { id: string; name: string; pid: number }) => Promise<void>;
  /** Called once it has stopped, before it is removed (tracers read what they need from the engine). */
  onStopped?: (container: { id: string; name: string; pid: number }) => Promise<void>;
}

/** What one replay established. */
export interface ContainerRunResult {
  ready: ReadyFact;
  exercise: ExerciseFact;
  end: EndFact;
  canary: CanaryRun | undefined;
  container: { id: string; name: string; pid: number } | undefined;
}

/**
 * Run the workload once: start it detached, wait until it is ready, probe the canary, run the
 * exercise (or wait --duration, or until it exits), stop it with SIGTERM (SIGKILL after the grace
 * period) and record how it ended. The container is always removed, also on failure and Ctrl-C.
 */
export async function runContainerOnce(plan: ContainerRunPlan, deps: ContainerRunDeps): Promise<ContainerRunResult> {
  const phase = deps.onPhase ?? (() => undefined);
  await requireImageToRun(deps.engine, plan.spec.image);
  const name = plan.spec.name ?? replayName();
  phase('starting');
  const untrack = trackLive({ kind: 'container', id: name });
  let id: string;
  try {
    id = await deps.engine.runDetached(composeRunArgs(plan.spec, name, plan.sandbox), deps.signal);
  } catch (error) {
    await removeContainer(deps, name);
    untrack();
    if (error instanceof ContainerStartError) {
      return {
        ready: { kind: 'failed-to-start', detail: error.detail },
        exercise: { kind: 'none' },
        end: { kind: 'exited', exitCode: -1, oomKilled: false },
        canary: undefined,
        container: undefined,
      };
    }
    throw error;
  }
  try {
    return await driveContainer(id, name, plan, deps);
  } finally {
    await removeContainer(deps, id);
    untrack();
  }
}

async function driveContainer(
  id: string,
  name: string,
  plan: ContainerRunPlan,
  deps: ContainerRunDeps,
): Promise<ContainerRunResult> {
  const phase = deps.onPhase ?? (() => undefined);
  const first = await deps.engine.inspect(id);
  const container = { id, name, pid: first.pid };
  await deps.onStarted?.(container);
  phase('waiting for ready');
  const readiness = await waitForReady(deps.engine, id, {
    timeoutMs: plan.readyTimeoutS * 1000,
    signal: deps.signal,
    connect: deps.connect,
  });
  const ready = readyFact(readiness.kind, readiness.detail, readiness.state);
  const canary = plan.canary ? await runCanaryInContainer(id, plan, deps) : undefined;
  let exercise: ExerciseFact = { kind: 'none' };
  if (ready.kind === 'ready') {
    exercise = await driveExercise(plan, containerTarget(deps.engine, readiness.state), deps);
  } else if (plan.exercise) {
    exercise = {
      kind: 'skipped',
      why: ready.kind === 'never-ready' ? 'the workload never became ready' : 'the workload exited before it was ready',
    };
  }
  phase('stopping');
  const end = await stopAndRead(id, plan.graceS, deps.engine);
  await deps.onStopped?.(container);
  return { ready, exercise, end, canary, container };
}

function readyFact(kind: string, detail: string, state: ContainerState): ReadyFact {
  if (kind === 'exited') return { kind: 'exited-before-ready', exitCode: state.exitCode };
  if (kind === 'never-ready') return { kind: 'never-ready', detail };
  return { kind: 'ready', detail };
}

async function stopAndRead(id: string, graceS: number, engine: ContainerEngine): Promise<EndFact> {
  const before = await engine.inspect(id);
  if (!before.running) return { kind: 'exited', exitCode: before.exitCode, oomKilled: before.oomKilled };
  await engine.stop(id, graceS);
  const after = await engine.inspect(id);
  return { kind: 'stopped', exitCode: after.exitCode, graceS };
}

/** A missing image means verify could not run (exit 3), not that the profile failed. */
async function requireImageToRun(engine: ContainerEngine, image: string): Promise<void> {
  if (await engine.imageExists(image)) return;
  throw new EnvironmentError(`image ${image} is not present on this engine, so the workload could not run`, {
    hint: `build or load it first (\`docker build -t ${image} .\` or \`docker load\`); seccompose does not pull images`,
  });
}
