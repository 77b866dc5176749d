import { DockerEngine, type ContainerEngine } from '../engine/docker.js';
import type { DockerRunSpec } from '../engine/run-args.js';
import type { Runner } from '../exec/run.js';
import { withTempDir } from '../io/temp-dir.js';
import type { Logger } from '../log.js';
import { loadProfile } from '../profile/load.js';
import type { BackendChoice } from './backend-choices.js';
import { selectBackend, type SelectedBackend } from './backend-select.js';
import { containerBackends } from './backends.js';
import { recordContainer, type Baseline, type ContainerRecording } from './container.js';
import type { DrivePlan } from '../workload/drive.js';

/** The baseline name that records without any seccomp filter. */
export const UNCONFINED = 'unconfined';

/** Everything `seccompose record -- docker run ...` asks for. */
export interface ContainerSessionOptions extends DrivePlan {
  spec: DockerRunSpec;
  backend: BackendChoice;
  /** `docker-default`, a profile path, or `unconfined`. */
  baseline: string;
  graceS: number;
  readyTimeoutS: number;
}

export interface SessionIo {
  runner: Runner;
  logger: Logger;
  signal: AbortSignal;
  /** One-line messages for the user on stderr (which backend, warnings). */
  say: (line: string) => void;
  onPhase?: (phase: string) => void;
  onProgress?: (events: number, distinct?: number) => void;
  engine?: ContainerEngine;
}

/** Load the baseline profile the container is recorded under (null = unconfined). */
export async function loadBaseline(name: string): Promise<Baseline> {
  if (name === UNCONFINED) return { label: UNCONFINED, profile: null };
  const { profile, source } = await loadProfile(name);
  return { label: source, profile };
}

/**
 * Record a container as the CLI does: load the baseline, pick and probe the backend (saying
 * which), learn the runtime's own syscalls (cached), then run the orchestrator.
 */
export async function recordContainerSession(
  options: ContainerSessionOptions,
  io: SessionIo,
): Promise<ContainerRecording> {
  const baseline = await loadBaseline(options.baseline);
  if (baseline.profile === null) {
    io.say(
      "warning: recording unconfined: calls that Docker's default profile would block are recorded as if allowed, and libc may take paths (e.g. clone3) it would not take in production",
    );
  }
  const engine = io.engine ?? new DockerEngine(io.runner);
  const selected = await pickBackend(options.backend, io);
  const { learnRuntimeSyscalls } = await import('./runtime-syscalls.js');
  return recordContainer(
    { ...options, backend: selected.backend, backendVersion: selected.version, baseline },
    {
      engine,
      runner: io.runner,
      logger: io.logger,
      signal: io.signal,
      onPhase: io.onPhase,
      onProgress: io.onProgress,
      learnRuntime: (runtime, noNewPrivileges) =>
        learnRuntimeSyscalls({
          engine,
          runner: io.runner,
          logger: io.logger,
          signal: io.signal,
          runtime: runtime.name,
          runtimeVersion: runtime.version,
          noNewPrivileges,
        }),
    },
  );
}

/** Pick and probe the backend, saying which when `auto` chose. */
export async function pickBackend(choice: BackendChoice, io: SessionIo): Promise<SelectedBackend> {
  const selected = await withTempDir('probe', (tempDir) =>
    selectBackend(choice, containerBackends, { runner: io.runner, logger: io.logger, signal: io.signal, tempDir }),
  );
  if (choice === 'auto') {
    const passed = selected.skipped.length ? ` (not ${selected.skipped.join('; not ')})` : '';
    io.say(`backend: ${selected.backend.name} ${selected.version}${passed}`);
  }
  return selected;
}
