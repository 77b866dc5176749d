import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { RECORDING_LABEL } from '../engine/run-args.js';
import { OWNER_LABEL, ownTag } from '../state/owner.js';
import { escapeCompose } from '../emit/compose.js';
import { InternalError, UsageError } from '../errors.js';
import type { SeccompProfile } from '../model/profile.js';
import type { ContainerBackend, TraceContext } from '../trace/backend.js';
import type { ComposeService } from '../workload/compose-config.js';
import { containerBackends } from './backends.js';
import type { SelectedBackend } from './backend-select.js';

/** One tracer for one container of the project (service, replica number). */
export interface Tracer {
  service: string;
  config: ComposeService;
  replica: number;
  backend: ContainerBackend;
  context: TraceContext;
  /** The `seccomp=` value the backend wants the container to run with. */
  seccomp: string;
}

/**
 * One backend instance per container to record, each prepared (attached) before `up`: the
 * backends follow one container each (ebpf keeps one mount namespace, audit one process tree).
 * strace follows containerd with ptrace, which takes one tracer: it can record one container.
 */
export async function prepareTracers(
  services: readonly ComposeService[],
  selected: SelectedBackend,
  baseline: SeccompProfile | null,
  base: TraceContext,
): Promise<Tracer[]> {
  const slots = services.flatMap((s) =>
    Array.from({ length: s.replicas }, (_, i) => ({ service: s.name, config: s, replica: i + 1 })),
  );
  if (selected.backend.name === 'strace' && slots.length > 1)
    throw new UsageError(
      `the strace backend can record one container at a time (it follows containerd with ptrace), and ${slots.length} were selected`,
      { hint: 'record with --backend ebpf or audit, or one service with --service NAME (and 1 replica)' },
    );
  const tracers: Tracer[] = [];
  for (const [i, slot] of slots.entries()) {
    const factory = containerBackends[selected.backend.name];
    if (!factory) throw new InternalError(`no factory for the ${selected.backend.name} backend`);
    const backend = i === 0 ? selected.backend : factory();
    const tempDir = join(base.tempDir, `${slot.service}.${slot.replica}`);
    await mkdir(tempDir, { mode: 0o700 });
    const context = { ...base, tempDir };
    // Registered before prepare, so that dispose runs for a tracer that failed half-way.
    const tracer: Tracer = { ...slot, backend, context, seccomp: '' };
    tracers.push(tracer);
    tracer.seccomp = seccompOf((await backend.prepare(context, baseline)).dockerArgs);
  }
  return tracers;
}

function seccompOf(dockerArgs: readonly string[]): string {
  const value = dockerArgs.find((arg, i) => dockerArgs[i - 1] === '--security-opt' && arg.startsWith('seccomp='));
  if (!value) throw new InternalError(`backend gave no --security-opt seccomp=: ${dockerArgs.join(' ')}`);
  return value.slice('seccomp='.length);
}

/** Write the override that runs each recorded service under its tracer's profile, labelled as seccompose's. */
export async function writeRecordingOverride(dir: string, tracers: readonly Tracer[]): Promise<string> {
  const services: Record<string, unknown> = {};
  for (const tracer of tracers) {
    services[tracer.service] ??= {
      security_opt: [`seccomp=${escapeCompose(tracer.seccomp)}`],
      labels: { [RECORDING_LABEL]: '1', [OWNER_LABEL]: ownTag() },
    };
  }
  const file = join(dir, 'seccompose-recording.override.yaml');
  await writeFile(file, stringify({ services }, { lineWidth: 0 }), { mode: 0o600 });
  return file;
}
