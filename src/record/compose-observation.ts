import type { ContainerEngine, ContainerState } from '../engine/docker.js';
import { messageOf } from '../errors.js';
import type { Observation } from '../model/observation.js';
import type { BackendEvidence } from '../trace/backend.js';
import type { SelectedBackend } from './backend-select.js';
import { containerCapabilities, moveBaselineDenials } from './baseline-denials.js';
import type { FilesystemChange } from '../engine/diff.js';
import type { WriteEvidence } from '../workload/writes.js';
import type { Tracer } from './compose-tracers.js';
import type { DriveOutcome } from './drive-outcome.js';
import { buildContainerObservation, runDurationMs } from './container-observation.js';
import { recordingHost } from './host.js';
import type { Baseline } from './container.js';
import type { SessionIo } from './session.js';

/** What one container of the run left for its observation. */
export interface ContainerRun {
  tracer: Tracer;
  state: ContainerState | undefined;
  final: ContainerState | undefined;
  outcome: DriveOutcome;
  writes: WriteEvidence | undefined;
  /** `docker diff` while it still ran. */
  changes: FilesystemChange[];
  evidence: Awaited<ReturnType<Tracer['backend']['collect']>> | undefined;
  startedMs: number;
}

/** One container's observation, by service and replica. */
export interface ServiceRecording {
  service: string;
  replica: number;
  /** The container it recorded (empty strings when compose never started it). */
  container: { name: string; id: string };
  observation: Observation;
}

/** What every observation of the project shares. */
export interface ProjectFacts {
  io: SessionIo;
  engine: ContainerEngine;
  selected: SelectedBackend;
  baseline: Baseline;
  files: string[];
  project: string;
  /** Learned runtime sets, shared by the project's containers. */
  learned: Map<string, Promise<Observation['runtime']>>;
}

/** The observation of one recorded container (complete or partial on its own). */
export async function buildServiceObservation(run: ContainerRun, facts: ProjectFacts): Promise<ServiceRecording> {
  const { tracer } = run;
  const state = run.final ?? run.state;
  const config = tracer.config;
  const noNewPrivileges = config.securityOpt.some((o) => /^no-new-privileges(:true|=true)?$/.test(o));
  const info = await facts.engine.info();
  const runtimeName = state?.runtime || info.defaultRuntime;
  const runtime = { name: runtimeName, version: await facts.engine.runtimeVersion(info, runtimeName) };
  const notes = [`compose: service ${tracer.service}, container ${tracer.replica} of project ${facts.project}`];
  const runtimeSyscalls = await learn(facts, runtime, noNewPrivileges, notes);
  const evidence = run.evidence ?? unrecorded();
  const caps = containerCapabilities([
    ...config.capAdd.flatMap((c) => ['--cap-add', c]),
    ...config.capDrop.flatMap((c) => ['--cap-drop', c]),
  ]);
  const observation = buildContainerObservation({
    spec: {
      options: [],
      image: state?.image ?? '',
      command: [],
      name: state?.name,
      runtime: undefined,
      noNewPrivileges,
      passthrough: [],
      dropped: [],
    },
    runtime,
    baseline: facts.baseline.label,
    backend: { name: tracer.backend.name, version: facts.selected.version },
    evidence: facts.baseline.profile ? moveBaselineDenials(evidence, facts.baseline.profile, caps) : evidence,
    final: state ?? neverStarted(),
    durationMs: state ? runDurationMs(state, Date.now() - run.startedMs) : 0,
    notes: [...notes, ...run.outcome.notes],
    incompleteReasons: run.outcome.incompleteReasons,
    runtimeSyscalls,
    host: recordingHost(),
  });
  const container = { name: state?.name ?? '', id: state?.id ?? '' };
  if (observation.workload.kind !== 'container')
    return { service: tracer.service, replica: tracer.replica, container, observation };
  const compose = {
    project: facts.project,
    files: facts.files,
    service: tracer.service,
    replica: tracer.replica,
    user: config.user ?? state?.user ?? '',
  };
  return {
    service: tracer.service,
    replica: tracer.replica,
    container,
    observation: {
      ...observation,
      workload: { ...observation.workload, compose },
      ...(run.writes ? { writes: run.writes } : {}),
    },
  };
}

/** The runtime's own post-filter syscalls, learned once per runtime and no-new-privileges setting. */
async function learn(
  facts: ProjectFacts,
  runtime: { name: string; version: string },
  noNewPrivileges: boolean,
  notes: string[],
): Promise<Observation['runtime']> {
  const key = `${runtime.name} ${runtime.version} ${noNewPrivileges}`;
  let learned = facts.learned.get(key);
  if (!learned) {
    const { learnRuntimeSyscalls } = await import('./runtime-syscalls.js');
    learned = learnRuntimeSyscalls({
      engine: facts.engine,
      runner: facts.io.runner,
      logger: facts.io.logger,
      signal: new AbortController().signal,
      runtime: runtime.name,
      runtimeVersion: runtime.version,
      noNewPrivileges,
    });
    facts.learned.set(key, learned);
  }
  try {
    return await learned;
  } catch (error) {
    notes.push(
      `the runtime's own syscalls could not be learned (${messageOf(error)}); a profile generated from this observation may not let the container start`,
    );
    return undefined;
  }
}

function unrecorded(): BackendEvidence {
  return {
    syscalls: {},
    blocked: {},
    args: {},
    bindPorts: [],
    capabilities: {},
    notes: [],
    incompleteReasons: ['the container was not recorded'],
    diagnostics: { unparsedLines: 0, unparsedSamples: [], unknownSyscalls: [], lostEvents: 0 },
  };
}

function neverStarted(): ContainerState {
  return {
    id: '',
    name: '',
    image: '',
    pid: 0,
    status: 'created',
    running: false,
    exitCode: -1,
    oomKilled: false,
    health: 'none',
    ip: undefined,
    published: [],
    exposed: [],
    runtime: '',
    startedAt: '',
    finishedAt: '',
  };
}
