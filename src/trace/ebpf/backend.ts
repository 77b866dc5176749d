import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeProfile } from '../../emit/profile-json.js';
import { InternalError } from '../../errors.js';
import type { Runner } from '../../exec/run.js';
import type { SeccompProfile } from '../../model/profile.js';
import type { BackendEvidence, ContainerBackend, StartedContainer, TraceContext } from '../../record/backend.js';
import { buildEvidence } from './evidence.js';
import { readMountNamespace } from './mount-namespace.js';
import type { Handover } from './parse.js';
import { probeEbpf, realProbeHost } from './probe.js';
import { BpftraceSession, type StoppedSession } from './session.js';

/** The ebpf backend plus the figure the benchmark reports. */
export interface EbpfBackend extends ContainerBackend {
  /** Milliseconds from spawning bpftrace to its ready marker (0 before prepare). */
  readonly attachMs: number;
}

/**
 * Records a container with bpftrace (program.ts): attached before `docker run`, the container
 * runs under its baseline profile (production semantics), counts are read after it exited and
 * only its mount namespace is kept.
 */
export function createEbpfBackend(): EbpfBackend {
  let session: BpftraceSession | undefined;
  let mntns: string | undefined;
  return {
    name: 'ebpf',
    get attachMs() {
      return session?.attachMs ?? 0;
    },
    probe: (context) => probeEbpf(realProbeHost(context.runner, context.signal)),

    async prepare(context, baseline) {
      const seccomp = baseline ? await writeBaseline(context.tempDir, baseline) : 'unconfined';
      session = await BpftraceSession.start(context.runner, context.signal);
      context.logger.debug({ attachMs: Math.round(session.attachMs) }, 'bpftrace attached');
      return { dockerArgs: ['--security-opt', `seccomp=${seccomp}`] };
    },

    async started(context, container) {
      mntns = await readMountNamespace(container.pid);
      context.logger.debug({ pid: container.pid, mntns }, 'container mount namespace');
    },

    async collect(context, container) {
      if (!session) throw new InternalError('ebpf backend: collect() before prepare()');
      const stopped = await session.stop();
      const found = mntns ? { mntns, how: `read from /proc/${container.pid}/ns/mnt` } : await findByHostname(context, container, stopped.output.handovers);
      return evidenceOf(stopped, found, session);
    },

    async dispose() {
      session?.kill();
    },
  };
}

/** Write the baseline where Docker reads it; returns the path for `seccomp=`. */
async function writeBaseline(dir: string, baseline: SeccompProfile): Promise<string> {
  const file = join(dir, 'ebpf-baseline-profile.json');
  await writeFile(file, serializeProfile(baseline), { mode: 0o600 });
  return file;
}

type Found = { mntns: string; how: string } | { mntns: undefined; why: string };

/**
 * A container that exited before its namespace could be read is found by the hostname its
 * runtime exec'd the entrypoint under (recorded in-kernel at the handover), when unique.
 */
async function findByHostname(context: TraceContext, container: StartedContainer, handovers: readonly Handover[]): Promise<Found> {
  const hostname = await readHostname(context.runner, container.id);
  const matches = [...new Set(handovers.filter((h) => h.hostname === hostname).map((h) => h.mntns))];
  if (hostname && matches.length === 1) return { mntns: matches[0]!, how: `found by the container's hostname ${hostname} (it exited before /proc could be read)` };
  return {
    mntns: undefined,
    why: `the container's mount namespace could not be determined (it exited before /proc/${container.pid}/ns/mnt was read, and ${matches.length} namespaces had hostname ${hostname ?? 'unknown'})`,
  };
}

async function readHostname(runner: Runner, id: string): Promise<string | undefined> {
  const result = await runner.run('docker', ['inspect', '--format', '{{.Config.Hostname}}', id], { timeoutMs: 30_000 });
  const name = result.stdout.trim();
  return result.exitCode === 0 && name !== '' ? name : undefined;
}

function evidenceOf(stopped: StoppedSession, found: Found, session: BpftraceSession): BackendEvidence {
  const base = buildEvidence(stopped.output, found.mntns ?? '');
  const incompleteReasons = [...base.incompleteReasons];
  if (stopped.failure) incompleteReasons.push(stopped.failure);
  if (found.mntns === undefined) incompleteReasons.push(found.why);
  const lost = base.diagnostics.lostEvents;
  if (lost > 0) incompleteReasons.push(`bpftrace lost ${lost} events (lost events or failed map updates)`);
  const ours = stopped.output.handovers.filter((h) => h.mntns === found.mntns);
  const execs = ours.reduce((n, h) => n + h.count, 0);
  const hostnames = [...new Set(ours.map((h) => h.hostname))].sort();
  if (hostnames.length > 1) {
    // Inode numbers are reused once a namespace is freed: another container that lived and
    // died inside the recording window can have had the same one; its counts are merged in.
    incompleteReasons.push(`mount namespace ${found.mntns} was used by containers with different hostnames (${hostnames.join(', ')}) during the recording; their counts cannot be told apart`);
  }
  const notes = [
    `ebpf: bpftrace attached ${stopped.output.attachedProbes ?? '?'} probes in ${Math.round(session.attachMs)} ms, before the container started`,
    found.mntns === undefined ? 'ebpf: no mount namespace, nothing counted' : `ebpf: mount namespace ${found.mntns} ${found.how}`,
    `ebpf: ${execs} runtime exec(s) into the workload (entrypoint${execs > 1 ? ' and docker exec' : ''}); the runtime's own calls before them are not counted`,
    'ebpf: counts are in-kernel totals, so firstSeen follows syscall number, not time',
    ...base.notes,
    ...session.warnings.slice(0, 10).map((line) => `bpftrace: ${line}`),
  ];
  return { ...base, notes, incompleteReasons };
}
