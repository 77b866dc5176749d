import type { Logger } from '../log.js';
import type { Runner } from '../exec/run.js';
import type { BackendName, CapabilityUse } from '../model/observation.js';
import type { SeccompProfile } from '../model/profile.js';
import type { Evidence } from '../observation/tally.js';

/** Whether a backend can run on this machine, and if not, why and what to do. */
export type ProbeResult = { ok: true; version: string } | { ok: false; reason: string; hint: string };

/** What every backend gets: process runner, logger, interrupt signal, a private temp dir. */
export interface TraceContext {
  runner: Runner;
  logger: Logger;
  signal: AbortSignal;
  /** Private (0700) directory for the backend's files; removed by the orchestrator afterwards. */
  tempDir: string;
  /** Called with running totals for the progress line (events so far, distinct names when known). */
  onProgress?: (events: number, distinct?: number) => void;
}

/** The container as the orchestrator knows it once `docker run -d` has returned. */
export interface StartedContainer {
  id: string;
  name: string;
  /** Host pid of the container's init process (the entrypoint). */
  pid: number;
}

/** What a backend hands back after the container stopped. */
export interface BackendEvidence extends Evidence {
  capabilities: Record<string, CapabilityUse>;
  /** Free-text notes carried into observation.backend.notes. */
  notes: string[];
  /** Reasons the evidence is incomplete (lost events, tracer died); empty when complete. */
  incompleteReasons: string[];
}

/**
 * A tracer for containers. The orchestrator (src/record/container.ts) calls, in order:
 * probe → prepare (before `docker run`) → started (container is up) → collect (after it exited)
 * → dispose (always, also on failure or Ctrl-C).
 */
export interface ContainerBackend {
  readonly name: BackendName;
  probe(context: TraceContext): Promise<ProbeResult>;
  /**
   * Get ready before the container starts. `baseline` is the profile the container would
   * otherwise run under (null = unconfined). Returns extra `docker run` arguments (for example
   * `--security-opt seccomp=<logging profile>`).
   */
  prepare(context: TraceContext, baseline: SeccompProfile | null): Promise<{ dockerArgs: string[] }>;
  started(context: TraceContext, container: StartedContainer): Promise<void>;
  collect(context: TraceContext, container: StartedContainer): Promise<BackendEvidence>;
  dispose(context: TraceContext): Promise<void>;
}
