import { requireImage, type ContainerEngine } from '../engine/docker.js';
import { composeRunArgs, type DockerRunSpec } from '../engine/run-args.js';
import { messageOf } from '../errors.js';
import type { Runner } from '../exec/run.js';
import { withTempDir } from '../io/temp-dir.js';
import type { Logger } from '../log.js';
import type { Observation } from '../model/observation.js';
import type { SeccompProfile } from '../model/profile.js';
import type { BackendEvidence, ContainerBackend, StartedContainer, TraceContext } from '../trace/backend.js';
import { containerCapabilities, moveBaselineDenials } from './baseline-denials.js';
import { buildContainerObservation, runDurationMs } from './container-observation.js';
import { recordingHost } from './host.js';
import type { DrivePlan } from '../workload/drive.js';
import { trackLive } from '../workload/live.js';
import { recordingName } from '../workload/names.js';
import type { TcpProbe } from '../workload/readiness.js';
import { removeContainer } from '../workload/remove.js';
import { driveReadyContainer, type DriveOutcome } from './drive-outcome.js';

/** The profile the container is recorded under: its display name and content (null = unconfined). */
export interface Baseline {
  label: string;
  profile: SeccompProfile | null;
}

/** What to record: the user's docker run, the chosen backend, and how to drive the workload. */
export interface ContainerRecordingRequest extends DrivePlan {
  readyTimeoutS: number;
  spec: DockerRunSpec;
  backend: ContainerBackend;
  backendVersion: string;
  baseline: Baseline;
  /** Seconds between SIGTERM and SIGKILL when stopping (docker stop --time). */
  graceS: number;
}

export interface ContainerRecordingDeps {
  engine: ContainerEngine;
  runner: Runner;
  logger: Logger;
  signal: AbortSignal;
  /** Phase and counter updates for the progress line. */
  onPhase?: (phase: string) => void;
  onProgress?: (events: number, distinct?: number) => void;
  connect?: TcpProbe;
  /** Learns (or reads from cache) the runtime's own post-filter syscalls; absent = not recorded. */
  learnRuntime?: (
    runtime: { name: string; version: string },
    noNewPrivileges: boolean,
  ) => Promise<Observation['runtime']>;
}

/** The observation, and whether the user interrupted (the observation is then partial). */
export interface ContainerRecording {
  observation: Observation;
  interrupted: boolean;
  containerName: string;
}

/** Seconds to wait for SIGTERM after a Ctrl-C before SIGKILL: the user wants out quickly. */
const INTERRUPT_GRACE_S = 2;

/**
 * Record one container end to end: prepare the backend, `docker run -d`, drive the workload,
 * stop it (so shutdown paths are recorded), collect, build the observation. The container and
 * the backend's temp files are removed whatever happens, also on failure and on Ctrl-C; after a
 * Ctrl-C once the container ran, the evidence so far comes back as a partial observation.
 */
export async function recordContainer(
  request: ContainerRecordingRequest,
  deps: ContainerRecordingDeps,
): Promise<ContainerRecording> {
  return withTempDir('record', async (tempDir) => {
    const trace: TraceContext = {
      runner: deps.runner,
      logger: deps.logger,
      signal: deps.signal,
      tempDir,
      onProgress: deps.onProgress,
    };
    // After a Ctrl-C the user's signal is aborted; collecting and cleaning up must still run (bounded by timeouts).
    const cleanup: TraceContext = { ...trace, signal: new AbortController().signal };
    let started: StartedContainer | undefined;
    let untrack = (): void => undefined;
    try {
      return await runRecording(request, deps, trace, cleanup, {
        starting: (name) => (untrack = trackLive({ kind: 'container', id: name })),
        started: (container) => (started = container),
      });
    } finally {
      if (started) await removeContainer(deps, started.id);
      untrack();
      await request.backend
        .dispose(cleanup)
        .catch((error: unknown) => deps.logger.warn({ error: messageOf(error) }, 'backend cleanup failed'));
    }
  });
}

async function runRecording(
  request: ContainerRecordingRequest,
  deps: ContainerRecordingDeps,
  trace: TraceContext,
  cleanup: TraceContext,
  on: { starting: (name: string) => void; started: (container: StartedContainer) => void },
): Promise<ContainerRecording> {
  const { engine } = deps;
  const phase = deps.onPhase ?? (() => undefined);
  const { spec, backend } = request;
  phase('preparing');
  const info = await engine.info();
  await requireImage(engine, spec.image);
  const runtimeName = spec.runtime ?? info.defaultRuntime;
  const runtime = { name: runtimeName, version: await engine.runtimeVersion(info, runtimeName) };
  const runtimeNotes: string[] = [];
  const runtimeSyscalls = await learnRuntime(deps, runtime, spec.noNewPrivileges, runtimeNotes);
  phase(`attaching ${backend.name}`);
  const { dockerArgs } = await backend.prepare(trace, request.baseline.profile);
  const name = spec.name ?? recordingName();
  const wallStart = Date.now();
  phase('starting');
  on.starting(name);
  const id = await engine.runDetached(composeRunArgs(spec, name, dockerArgs), deps.signal);
  const first = await engine.inspect(id);
  const container: StartedContainer = { id, name, pid: first.pid };
  on.started(container);
  deps.logger.debug({ id, name, pid: first.pid }, 'container started');
  await backend.started(trace, container);

  const { outcome, interrupted } = await driveOrInterrupt(id, request, deps);
  phase('stopping');
  await engine.stop(id, interrupted ? Math.min(request.graceS, INTERRUPT_GRACE_S) : request.graceS);
  const final = await engine.inspect(id);
  phase('collecting');
  const collected: BackendEvidence = await backend.collect(interrupted ? cleanup : trace, container);
  const baseline = request.baseline.profile;
  const evidence = baseline
    ? moveBaselineDenials(collected, baseline, containerCapabilities(spec.passthrough))
    : collected;
  const observation = buildContainerObservation({
    spec,
    runtime,
    baseline: request.baseline.label,
    backend: { name: backend.name, version: request.backendVersion },
    evidence,
    final,
    durationMs: runDurationMs(final, Date.now() - wallStart),
    notes: [...spec.dropped, ...runtimeNotes, ...outcome.notes],
    incompleteReasons: outcome.incompleteReasons,
    runtimeSyscalls,
    host: recordingHost(),
  });
  return { observation, interrupted, containerName: name };
}

async function driveOrInterrupt(
  id: string,
  request: ContainerRecordingRequest,
  deps: ContainerRecordingDeps,
): Promise<{ outcome: DriveOutcome; interrupted: boolean }> {
  try {
    const outcome = await driveReadyContainer(id, request, {
      engine: deps.engine,
      runner: deps.runner,
      signal: deps.signal,
      onPhase: deps.onPhase ?? (() => undefined),
      connect: deps.connect,
    });
    return { outcome, interrupted: false };
  } catch (error) {
    if (!deps.signal.aborted) throw error;
    const reason = 'interrupted by the user (Ctrl-C) while the workload ran; the recording stops there';
    return { outcome: { incompleteReasons: [reason], notes: [] }, interrupted: true };
  }
}

/** The runtime's own syscalls, before the recording starts (learning runs containers of its own). */
async function learnRuntime(
  deps: ContainerRecordingDeps,
  runtime: { name: string; version: string },
  noNewPrivileges: boolean,
  notes: string[],
): Promise<Observation['runtime']> {
  if (!deps.learnRuntime) return undefined;
  deps.onPhase?.(`learning ${runtime.name} ${runtime.version} syscalls`);
  try {
    return await deps.learnRuntime(runtime, noNewPrivileges);
  } catch (error) {
    if (deps.signal.aborted) throw error;
    notes.push(
      `the runtime's own syscalls could not be learned (${messageOf(error)}); a profile generated from this observation may not let the container start`,
    );
    deps.logger.warn({ runtime, error: messageOf(error) }, 'could not learn the runtime syscalls');
    return undefined;
  }
}
