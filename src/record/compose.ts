import { resolve } from 'node:path';
import { COMPOSE_LABELS, ComposeProject, findCompose, projectContainers } from '../engine/compose.js';
import { containerDiff, type FilesystemChange } from '../engine/diff.js';
import { DockerEngine, type ContainerEngine } from '../engine/docker.js';
import { UsageError, messageOf } from '../errors.js';
import { withTempDir } from '../io/temp-dir.js';
import type { TraceContext } from '../trace/backend.js';
import { parseComposeConfig, type ComposeService } from '../workload/compose-config.js';
import { composeExerciseEnv } from '../workload/compose-env.js';
import { watchContainers } from '../workload/container.js';
import { driveWorkload, type DrivePlan } from '../workload/drive.js';
import { trackLive } from '../workload/live.js';
import { projectName } from '../workload/names.js';
import { waitForReady } from '../workload/readiness.js';
import { writeEvidence } from '../workload/writes.js';
import type { BackendChoice } from './backend-choices.js';
import { buildServiceObservation, type ContainerRun } from './compose-observation.js';
import { mergeReplicas, type ServiceObservation } from './compose-replicas.js';
import { addDriveResult } from './drive-outcome.js';
import { prepareTracers, writeRecordingOverride, type Tracer } from './compose-tracers.js';
import { loadBaseline, pickBackend, type SessionIo } from './session.js';

/** `seccompose record -f compose.yaml ...`, parsed. */
export interface ComposeRecordRequest extends DrivePlan {
  files: string[];
  project: string | undefined;
  /** Services to record (empty: all of them). */
  services: string[];
  backend: BackendChoice;
  baseline: string;
  readyTimeoutS: number;
  graceS: number;
}

/** Every recorded service's observation (its replicas merged), and whether the user interrupted. */
export interface ComposeRecording {
  project: string;
  recordings: ServiceObservation[];
  interrupted: boolean;
}

/** Seconds to wait for SIGTERM after a Ctrl-C before SIGKILL: the user wants out quickly. */
const INTERRUPT_GRACE_S = 2;

/**
 * Record a compose project: attach one tracer per selected container, bring the project up
 * under an override that runs those services with the tracers' profiles, wait until each
 * is ready, run the exercise against the live project, stop it with the grace period (so
 * every shutdown path is recorded), collect per container, and always `down` it (containers,
 * networks, volumes), also on failure and Ctrl-C.
 */
export async function recordComposeProject(request: ComposeRecordRequest, io: SessionIo): Promise<ComposeRecording> {
  const engine = io.engine ?? new DockerEngine(io.runner);
  const cli = await findCompose(io.runner);
  const files = request.files.map((f) => resolve(f));
  const name = request.project ?? projectName('rec');
  if ((await engine.listByLabel(`${COMPOSE_LABELS.project}=${name}`)).length > 0)
    throw new UsageError(`compose project ${name} already has containers; record brings up a project of its own`, {
      hint: 'leave out -p (seccompose picks a fresh name), or `down` that project first',
    });
  const services = selectServices(
    parseComposeConfig(await new ComposeProject(io.runner, cli, files, name).config(), files.join(', ')),
    request.services,
  );
  const baseline = await loadBaseline(request.baseline);
  const selected = await pickBackend(request.backend, io);
  return withTempDir('compose', async (dir) => {
    const base: TraceContext = { runner: io.runner, logger: io.logger, signal: io.signal, tempDir: dir };
    const cleanup: TraceContext = { ...base, signal: new AbortController().signal };
    const tracers: Tracer[] = [];
    let project: ComposeProject | undefined;
    let untrack = (): void => undefined;
    try {
      io.onPhase?.(`attaching ${selected.backend.name}`);
      tracers.push(...(await prepareTracers(services, selected, baseline.profile, base)));
      const override = await writeRecordingOverride(dir, tracers);
      project = new ComposeProject(io.runner, cli, [...files, override], name);
      untrack = trackLive({ kind: 'project', argv: [project.program, ...project.downArgs(INTERRUPT_GRACE_S)] });
      const run = await runProject(project, tracers, request, { io, engine, cleanup });
      return {
        project: name,
        recordings: mergeReplicas(
          await Promise.all(
            run.map((r) =>
              buildServiceObservation(r, { io, engine, selected, baseline, files, project: name, learned: new Map() }),
            ),
          ),
        ),
        interrupted: io.signal.aborted,
      };
    } finally {
      if (project) await down(project, request.graceS, io);
      untrack();
      for (const tracer of tracers)
        await tracer.backend
          .dispose(cleanup)
          .catch((error: unknown) => io.logger.warn({ error: messageOf(error) }, 'backend cleanup failed'));
    }
  });
}

/** The services to record: the ones named (each must exist), else all; a seccomp= of their own is refused. */
function selectServices(all: Map<string, ComposeService>, names: readonly string[]): ComposeService[] {
  const picked =
    names.length === 0
      ? [...all.values()]
      : names.map((n) => {
          const service = all.get(n);
          if (!service)
            throw new UsageError(
              `--service ${n}: the project has no such service (services: ${[...all.keys()].join(', ')})`,
            );
          return service;
        });
  for (const service of picked) {
    if (service.securityOpt.some((o) => /^seccomp[=:]/.test(o)))
      throw new UsageError(
        `service ${service.name} sets its own seccomp profile (security_opt: seccomp=...); record runs it under the baseline`,
        {
          hint: 'remove it for the recording (or pass its profile as --baseline)',
        },
      );
  }
  return picked.filter((s) => s.replicas > 0);
}

async function runProject(
  project: ComposeProject,
  tracers: readonly Tracer[],
  request: ComposeRecordRequest,
  env: { io: SessionIo; engine: ContainerEngine; cleanup: TraceContext },
): Promise<ContainerRun[]> {
  const { io, engine } = env;
  io.onPhase?.('compose up');
  const startedMs = Date.now();
  const runs: ContainerRun[] = tracers.map((tracer) => ({
    tracer,
    state: undefined,
    final: undefined,
    outcome: { incompleteReasons: [], notes: [] },
    writes: undefined,
    changes: [],
    evidence: undefined,
    startedMs,
  }));
  let interrupted = false;
  try {
    await project.up(io.signal);
    const byService = await projectContainers(engine, project.name);
    for (const run of runs) {
      run.state = byService.get(run.tracer.service)?.[run.tracer.replica - 1];
      if (run.state)
        await run.tracer.backend.started(run.tracer.context, {
          id: run.state.id,
          name: run.state.name,
          pid: run.state.pid,
        });
      else
        run.outcome.incompleteReasons.push(
          `compose started no container ${run.tracer.replica} of service ${run.tracer.service}`,
        );
    }
    await awaitReady(runs, request, engine, io);
    const live = runs.filter((r) => r.state?.running);
    const result = await driveWorkload(
      request,
      {
        env: composeExerciseEnv(project.name, byService),
        watchExit: (signal) =>
          watchContainers(
            engine,
            live.map((r) => r.state!.id),
            signal,
            (id) => `service ${live.find((r) => r.state!.id === id)?.tracer.service}`,
          ),
      },
      io,
    );
    for (const run of runs) addDriveResult(run.outcome, result, request);
    // A file created and removed again (a pid file at shutdown) leaves no trace in the final diff: look while it runs too.
    await Promise.all(
      runs.map(
        async (run) =>
          void (run.changes = run.state ? await containerDiff(io.runner, run.state.id).catch(() => []) : []),
      ),
    );
  } catch (error) {
    if (!io.signal.aborted) throw error;
    interrupted = true;
    for (const run of runs)
      run.outcome.incompleteReasons.push(
        'interrupted by the user (Ctrl-C) while the project ran; the recording stops there',
      );
  }
  io.onPhase?.('stopping');
  await project.stop(interrupted ? Math.min(request.graceS, INTERRUPT_GRACE_S) : request.graceS);
  io.onPhase?.('collecting');
  for (const run of runs) {
    if (!run.state) continue;
    run.final = await engine.inspect(run.state.id);
    run.writes = await containerDiff(io.runner, run.state.id)
      .then((changes) => writeEvidence(mergeChanges(run.changes, changes), run.final!, run.tracer.config.mountTargets))
      .catch((error: unknown) => {
        run.outcome.notes.push(`the files it wrote could not be listed: ${messageOf(error)}`);
        return undefined;
      });
    run.evidence = await run.tracer.backend.collect(interrupted ? env.cleanup : run.tracer.context, {
      id: run.state.id,
      name: run.state.name,
      pid: run.state.pid,
    });
  }
  return runs;
}

/** Wait until every recorded container is ready (healthcheck, else its ports, else running), each on its own. */
async function awaitReady(
  runs: ContainerRun[],
  request: ComposeRecordRequest,
  engine: ContainerEngine,
  io: SessionIo,
): Promise<void> {
  io.onPhase?.('waiting for ready');
  await Promise.all(
    runs.map(async (run) => {
      if (!run.state) return;
      const ready = await waitForReady(engine, run.state.id, {
        timeoutMs: request.readyTimeoutS * 1000,
        signal: io.signal,
      });
      run.state = ready.state;
      if (ready.kind === 'never-ready')
        run.outcome.incompleteReasons.push(`service ${run.tracer.service} never became ready: ${ready.detail}`);
      else if (ready.kind === 'exited')
        run.outcome.notes.push(`service ${run.tracer.service} ${ready.detail} before it was ready`);
      else run.outcome.notes.push(`ready: ${ready.detail}`);
    }),
  );
}

async function down(project: ComposeProject, graceS: number, io: SessionIo): Promise<void> {
  io.onPhase?.('compose down');
  const result = await project.down(graceS);
  if (result.exitCode !== 0)
    io.say(
      `warning: could not remove compose project ${project.name}; remove it with \`${[project.program, ...project.downArgs(graceS)].join(' ')}\``,
    );
}

/** Both looks at the writable layer: a path changed in either (the later kind wins). */
function mergeChanges(before: readonly FilesystemChange[], after: readonly FilesystemChange[]): FilesystemChange[] {
  const byPath = new Map(before.map((c) => [c.path, c]));
  for (const c of after) byPath.set(c.path, c);
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}
