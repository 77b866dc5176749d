import { constants } from 'node:os';
import type { DockerRunSpec } from '../engine/run-args.js';
import type { ContainerState } from '../engine/docker.js';
import {
  OBSERVATION_KIND,
  OBSERVATION_VERSION,
  observationSchema,
  type BackendName,
  type Observation,
} from '../model/observation.js';
import type { BackendEvidence } from '../trace/backend.js';

/** Everything the orchestrator learned, to be turned into an observation. */
export interface ContainerFacts {
  spec: DockerRunSpec;
  runtime: { name: string; version: string };
  baseline: string;
  backend: { name: BackendName; version: string };
  evidence: BackendEvidence;
  final: ContainerState;
  durationMs: number;
  notes: string[];
  incompleteReasons: string[];
  runtimeSyscalls?: Observation['runtime'];
  host?: Observation['host'];
}

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/**
 * The container's exit as an observation records it. Docker reports a PID 1 killed by signal N
 * as exit code 128+N (like a shell does); an OOM kill is SIGKILL.
 */
export function exitOf(state: ContainerState): Observation['exit'] {
  if (state.oomKilled) return { code: null, signal: 'SIGKILL' };
  const signal = state.exitCode > 128 ? SIGNAL_NAMES.get(state.exitCode - 128) : undefined;
  return signal ? { code: null, signal } : { code: state.exitCode, signal: null };
}

/** Assemble and validate the observation of one container recording. */
export function buildContainerObservation(facts: ContainerFacts): Observation {
  const { evidence, spec } = facts;
  const incomplete = [...facts.incompleteReasons, ...evidence.incompleteReasons];
  const notes = [...facts.notes, ...evidence.notes];
  if (facts.final.oomKilled) notes.push('the container was killed by the kernel OOM killer');
  return observationSchema.parse({
    kind: OBSERVATION_KIND,
    version: OBSERVATION_VERSION,
    workload: {
      kind: 'container',
      image: spec.image,
      dockerArgs: spec.options,
      command: spec.command,
      runtime: facts.runtime,
      noNewPrivileges: spec.noNewPrivileges,
      baseline: facts.baseline,
    },
    backend: { name: facts.backend.name, version: facts.backend.version, notes },
    complete: incomplete.length === 0,
    incompleteReasons: incomplete,
    exit: exitOf(facts.final),
    durationMs: Math.max(0, Math.round(facts.durationMs)),
    syscalls: evidence.syscalls,
    blocked: evidence.blocked,
    args: evidence.args,
    bindPorts: evidence.bindPorts,
    capabilities: evidence.capabilities,
    ...(facts.runtimeSyscalls ? { runtime: facts.runtimeSyscalls } : {}),
    ...(facts.host ? { host: facts.host } : {}),
    diagnostics: evidence.diagnostics,
  });
}

/** How long the container ran, from the engine's own timestamps when it has both. */
export function runDurationMs(state: ContainerState, fallbackMs: number): number {
  const start = Date.parse(state.startedAt);
  const end = Date.parse(state.finishedAt);
  if (Number.isFinite(start) && Number.isFinite(end) && end >= start && !state.finishedAt.startsWith('0001'))
    return end - start;
  return fallbackMs;
}
