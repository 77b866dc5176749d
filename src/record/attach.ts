import { DockerEngine, type ContainerEngine, type ContainerState } from '../engine/docker.js';
import { EnvironmentError, InterruptedError, messageOf, SETUP_COMMAND } from '../errors.js';
import { withTempDir } from '../io/temp-dir.js';
import type { Observation } from '../model/observation.js';
import type { TraceContext } from '../trace/backend.js';
import { attachTracer, type AttachTarget } from '../trace/ebpf/attach-tracer.js';
import { readMountNamespace } from '../trace/ebpf/mount-namespace.js';
import { composeExerciseEnv } from '../workload/compose-env.js';
import { exerciseEnv, watchContainers } from '../workload/container.js';
import { driveWorkload, type DrivePlan } from '../workload/drive.js';
import {
  attachedBaselineName,
  buildAttachedObservation,
  hasNoNewPrivileges,
  startupNotSeen,
} from './attach-observation.js';
import { composeContainers, namedContainers, type AttachContainer, type ComposeSelection } from './attach-targets.js';
import type { Baseline } from './container.js';
import { addDriveResult, type DriveOutcome } from './drive-outcome.js';
import { loadBaseline, pickBackend, type SessionIo } from './session.js';

/** `record --attach NAME...` or `record -f compose.yaml --attach`, parsed. */
export interface AttachRequest extends DrivePlan {
  targets: { kind: 'containers'; names: string[] } | ({ kind: 'compose' } & ComposeSelection);
}

/** One attached container's observation. */
export interface AttachRecording {
  container: AttachContainer;
  observation: Observation;
}

/**
 * Record containers that already run, with the ebpf backend, until Ctrl-C, --duration or the
 * end of --exercise: never starts, stops or restarts them. Ctrl-C is the normal end of an
 * attach: the observations are complete unless the tracer lost something.
 */
export async function recordAttached(request: AttachRequest, io: SessionIo): Promise<AttachRecording[]> {
  const engine = io.engine ?? new DockerEngine(io.runner);
  const targets = request.targets;
  const containers =
    targets.kind === 'containers'
      ? await namedContainers(engine, targets.names)
      : await composeContainers(io.runner, engine, targets);
  const selected = await pickBackend('ebpf', io).catch((error: unknown) => {
    if (!(error instanceof EnvironmentError)) throw error;
    throw new EnvironmentError(`--attach needs the ebpf backend: ${error.message}`, {
      hint: `${error.hint ?? `run \`${SETUP_COMMAND}\` as root`} (attach has no other backend; to record with audit or strace, start the container under seccompose: record -- docker run ...)`,
      cause: error,
    });
  });
  const inodes = await Promise.all(containers.map((c) => namespaceOf(c.state)));
  const learned = new Map<string, Promise<Observation['runtime']>>();
  const facts: ContainerFacts[] = [];
  for (const c of containers) facts.push(await containerFacts(c.state, engine, io, learned));
  return withTempDir('attach', async (tempDir) => {
    const context: TraceContext = { runner: io.runner, logger: io.logger, signal: io.signal, tempDir };
    io.onPhase?.('attaching ebpf');
    const tracer = await attachTracer(
      context,
      containers.map(
        (c, i): AttachTarget => ({ name: c.state.name, inode: inodes[i]!, hostname: c.state.hostname ?? '' }),
      ),
    );
    try {
      for (const c of containers) io.say(`warning: ${startupNotSeen(c, tracer.attachedAt)}`);
      io.say(
        `attached to ${containers.map((c) => c.state.name).join(', ')} in ${Math.round(tracer.attachMs)} ms; recording ${untilText(request)}`,
      );
      const outcome = await drive(request, containers, engine, io);
      const endedAt = new Date();
      io.onPhase?.('collecting');
      const evidence = await tracer.stop();
      return Promise.all(
        containers.map(async (container, i) => ({
          container,
          observation: buildAttachedObservation({
            container,
            final: await engine
              .inspect(container.state.id)
              .catch(() => ({ ...container.state, running: false, pid: 0, status: 'removed' })),
            evidence: evidence.get(container.state.name)!,
            ...facts[i]!,
            backendVersion: selected.version,
            attachedAt: tracer.attachedAt,
            endedAt,
            notes: outcome.notes,
            incompleteReasons: outcome.incompleteReasons,
          }),
        })),
      );
    } finally {
      tracer.kill();
    }
  });
}

async function namespaceOf(state: ContainerState): Promise<string> {
  const inode = await readMountNamespace(state.pid);
  if (inode === undefined)
    throw new EnvironmentError(
      `cannot read the mount namespace of container ${state.name} (/proc/${state.pid}/ns/mnt)`,
      { hint: 'run as root on the machine the engine runs on, and check the container still runs: docker ps' },
    );
  return inode;
}

/** What an attached container's observation needs besides the counts. */
interface ContainerFacts {
  baseline: Baseline;
  runtime: { name: string; version: string };
  runtimeSyscalls: Observation['runtime'];
}

/**
 * The container's baseline, runtime and the runtime's own syscalls (learned once per runtime and
 * no-new-privileges setting, cached on disk), before anything is attached.
 */
async function containerFacts(
  state: ContainerState,
  engine: ContainerEngine,
  io: SessionIo,
  learned: Map<string, Promise<Observation['runtime']>>,
): Promise<{
  baseline: Baseline;
  runtime: { name: string; version: string };
  runtimeSyscalls: Observation['runtime'];
}> {
  const which = attachedBaselineName(state);
  const baseline =
    which === 'own'
      ? { label: "the container's own seccomp profile (docker inspect)", profile: null }
      : await loadBaseline(which);
  const info = await engine.info();
  const name = state.runtime || info.defaultRuntime;
  const runtime = { name, version: await engine.runtimeVersion(info, name) };
  const noNewPrivileges = hasNoNewPrivileges(state);
  const key = `${runtime.name} ${runtime.version} ${noNewPrivileges}`;
  if (!learned.has(key)) {
    const { learnRuntimeSyscalls } = await import('./runtime-syscalls.js');
    io.onPhase?.(`learning ${runtime.name} ${runtime.version} syscalls`);
    const learning = learnRuntimeSyscalls({
      engine,
      runner: io.runner,
      logger: io.logger,
      signal: io.signal,
      runtime: runtime.name,
      runtimeVersion: runtime.version,
      noNewPrivileges,
    }).catch((error: unknown) => {
      if (io.signal.aborted) throw error;
      io.say(`warning: the runtime's own syscalls could not be learned (${messageOf(error)})`);
      return undefined;
    });
    learned.set(key, learning);
  }
  return { baseline, runtime, runtimeSyscalls: await learned.get(key) };
}

function untilText(request: AttachRequest): string {
  if (request.exercise !== undefined)
    return `while the exercise runs${request.durationS === undefined ? '' : ` (at most ${request.durationS}s)`}`;
  if (request.durationS !== undefined) return `for ${request.durationS}s (Ctrl-C ends it sooner)`;
  return 'until Ctrl-C';
}

/** Run the exercise or wait; Ctrl-C, --duration and a container's exit all end the attach normally. */
async function drive(
  request: AttachRequest,
  containers: readonly AttachContainer[],
  engine: ContainerEngine,
  io: SessionIo,
): Promise<DriveOutcome> {
  const outcome: DriveOutcome = { incompleteReasons: [], notes: [] };
  const first = containers[0]!;
  const env = first.compose
    ? composeExerciseEnv(first.compose.project, byService(containers))
    : exerciseEnv(first.state);
  const ids = containers.map((c) => c.state.id);
  const name = (id: string) => `container ${containers.find((c) => c.state.id === id)?.state.name}`;
  try {
    const result = await driveWorkload(
      request,
      { env, watchExit: (signal) => watchContainers(engine, ids, signal, name) },
      { runner: io.runner, signal: io.signal, onPhase: io.onPhase },
    );
    addDriveResult(outcome, result, request);
    if (result.kind === 'waited')
      outcome.notes.push(
        result.until === 'duration'
          ? `attach: ended after --duration ${request.durationS}s`
          : 'attach: ended when a container exited',
      );
    else if (result.end.kind === 'exited') outcome.notes.push('attach: ended when the exercise ended');
  } catch (error) {
    if (!(error instanceof InterruptedError) || !io.signal.aborted) throw error;
    outcome.notes.push('attach: ended by Ctrl-C (SIGINT/SIGTERM), the normal end of an attach');
  }
  return outcome;
}

function byService(containers: readonly AttachContainer[]): Map<string, ContainerState[]> {
  const map = new Map<string, ContainerState[]>();
  for (const c of containers)
    if (c.compose) map.set(c.compose.service, [...(map.get(c.compose.service) ?? []), c.state]);
  return map;
}
