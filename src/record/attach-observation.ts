import type { ContainerState } from '../engine/docker.js';
import type { Observation } from '../model/observation.js';
import { startupCommand } from '../observation/startup.js';
import type { BackendEvidence } from '../trace/backend.js';
import type { AttachContainer } from './attach-targets.js';
import { containerCapabilities, moveBaselineDenials } from './baseline-denials.js';
import type { Baseline } from './container.js';
import { buildContainerObservation } from './container-observation.js';
import { recordingHost } from './host.js';

/** Everything one attached container's observation is built from. */
export interface AttachedFacts {
  container: AttachContainer;
  /** The container as inspected after the attach ended. */
  final: ContainerState;
  evidence: BackendEvidence;
  baseline: Baseline;
  backendVersion: string;
  runtime: { name: string; version: string };
  runtimeSyscalls: Observation['runtime'];
  attachedAt: Date;
  endedAt: Date;
  /** How the attach ended, for every target alike ("ended by Ctrl-C", ...). */
  notes: string[];
  incompleteReasons: string[];
}

/** Whether the container runs with no-new-privileges (HostConfig.SecurityOpt). */
export function hasNoNewPrivileges(state: ContainerState): boolean {
  return (state.securityOpt ?? []).some((o) => /^no-new-privileges(:true|=true)?$/.test(o));
}

/** The sentence an attach observation and stderr use: what was not seen, and what to do about it. */
export function startupNotSeen(container: AttachContainer, attachedAt: Date): string {
  const { state, compose } = container;
  return `attach: container ${state.name} was already running (started ${state.startedAt}); recorded from ${attachedAt.toISOString()}, so its start-up syscalls were not seen — before generate, add a recording that starts it: ${startupCommand(state.image, compose && { files: compose.files, service: compose.service })}`;
}

/**
 * The observation of one attached container: complete unless the tracer says otherwise (an
 * attach ended by Ctrl-C is the normal end), marked `workload.attached` so that `generate` can
 * warn about the start-up it lacks. A container still running has no exit status: `exit` is null.
 */
export function buildAttachedObservation(facts: AttachedFacts): Observation {
  const { container, final, baseline } = facts;
  const state = container.state;
  const exited = !final.running;
  const evidence = baseline.profile
    ? moveBaselineDenials(facts.evidence, baseline.profile, attachedCapabilities(state))
    : facts.evidence;
  const notes = [startupNotSeen(container, facts.attachedAt), ...facts.notes];
  const removed = final.status === 'removed';
  if (removed) notes.push('attach: the container was removed during the attach (docker inspect no longer finds it)');
  else if (exited) notes.push(`attach: the container ${final.status} (exit code ${final.exitCode}) during the attach`);
  else notes.push('attach: the container was left running, as it was found (exit is null: it has not exited)');
  const incompleteReasons = [...facts.incompleteReasons];
  if (exited && !removed && Date.parse(final.finishedAt) < facts.attachedAt.getTime())
    incompleteReasons.push(
      `the container exited at ${final.finishedAt}, before the tracer was attached (${facts.attachedAt.toISOString()}): its last calls were not seen`,
    );
  const observation = buildContainerObservation({
    spec: {
      options: [],
      image: state.image,
      command: [],
      name: state.name,
      runtime: undefined,
      noNewPrivileges: hasNoNewPrivileges(state),
      passthrough: [],
      dropped: [],
    },
    runtime: facts.runtime,
    baseline: baseline.label,
    backend: { name: 'ebpf', version: facts.backendVersion },
    evidence,
    final,
    durationMs: facts.endedAt.getTime() - facts.attachedAt.getTime(),
    notes,
    incompleteReasons,
    runtimeSyscalls: facts.runtimeSyscalls,
    host: recordingHost(),
  });
  if (observation.workload.kind !== 'container') return observation;
  const attached = { container: state.name, containerStartedAt: state.startedAt, at: facts.attachedAt.toISOString() };
  const compose = container.compose && { ...container.compose, user: state.user ?? '' };
  return {
    ...observation,
    exit: exited && !removed ? observation.exit : { code: null, signal: null },
    workload: { ...observation.workload, attached, ...(compose ? { compose } : {}) },
  };
}

/** The container's capability set, as Docker computed it from its --cap-add/--cap-drop (HostConfig). */
export function attachedCapabilities(state: ContainerState): string[] {
  return containerCapabilities([
    ...(state.capAdd ?? []).flatMap((c) => ['--cap-add', c]),
    ...(state.capDrop ?? []).flatMap((c) => ['--cap-drop', c]),
  ]);
}

/**
 * The profile the container runs under, from its SecurityOpt: `seccomp=unconfined`, a profile
 * of its own (Docker keeps its JSON there; blocked calls are then told apart by the tracer's
 * counts alone), or Docker's default (none given).
 */
export function attachedBaselineName(state: ContainerState): 'unconfined' | 'own' | 'docker-default' {
  const seccomp = (state.securityOpt ?? []).find((o) => /^seccomp[=:]/.test(o));
  if (seccomp === undefined) return 'docker-default';
  return seccomp.slice('seccomp='.length) === 'unconfined' ? 'unconfined' : 'own';
}
