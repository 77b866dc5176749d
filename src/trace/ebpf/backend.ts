import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeProfile } from '../../emit/profile-json.js';
import { InternalError } from '../../errors.js';
import type { Runner } from '../../exec/run.js';
import type { SeccompProfile } from '../../model/profile.js';
import type { BackendEvidence, ContainerBackend } from '../backend.js';
import { buildEvidence } from './evidence.js';
import { findNamespace, hostnamesIn, type ContainerClues, type FoundNamespace } from './find-namespace.js';
import { readMountNamespace } from './mount-namespace.js';
import { detectNamespaceKey, probeEbpf, realProbeHost } from './probe.js';
import type { NamespaceKey } from './program.js';
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
  let key: NamespaceKey = 'inode';
  let clues: ContainerClues = { pid: 0, inode: undefined };
  return {
    name: 'ebpf',
    get attachMs() {
      return session?.attachMs ?? 0;
    },
    probe: (context) => probeEbpf(realProbeHost(context.runner, context.signal)),

    async prepare(context, baseline) {
      const seccomp = baseline ? await writeBaseline(context.tempDir, baseline) : 'unconfined';
      key = await detectNamespaceKey(context.runner, context.signal);
      session = await BpftraceSession.start(context.runner, context.signal, key);
      context.logger.debug({ attachMs: Math.round(session.attachMs), key }, 'bpftrace attached');
      return { dockerArgs: ['--security-opt', `seccomp=${seccomp}`] };
    },

    async started(context, container) {
      clues = { pid: container.pid, inode: await readMountNamespace(container.pid) };
      context.logger.debug({ ...clues }, 'container init and mount namespace');
    },

    async collect(context, container) {
      if (!session) throw new InternalError('ebpf backend: collect() before prepare()');
      const stopped = await session.stop();
      const hostname = clues.pid > 0 ? undefined : await readHostname(context.runner, container.id);
      const found = findNamespace(stopped.output.handovers, clues, hostname);
      return evidenceOf(stopped, found, key, session);
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

async function readHostname(runner: Runner, id: string): Promise<string | undefined> {
  const result = await runner.run('docker', ['inspect', '--format', '{{.Config.Hostname}}', id], { timeoutMs: 30_000 });
  const name = result.stdout.trim();
  return result.exitCode === 0 && name !== '' ? name : undefined;
}

function evidenceOf(
  stopped: StoppedSession,
  found: FoundNamespace,
  key: NamespaceKey,
  session: BpftraceSession,
): BackendEvidence {
  const base = buildEvidence(stopped.output, found.ns ?? '');
  const incompleteReasons = [...base.incompleteReasons];
  if (stopped.failure) incompleteReasons.push(stopped.failure);
  if (found.ns === undefined) incompleteReasons.push(found.why);
  const lost = base.diagnostics.lostEvents;
  if (lost > 0) incompleteReasons.push(`bpftrace lost ${lost} events (lost events or failed map updates)`);
  const hostnames = found.ns === undefined ? [] : hostnamesIn(stopped.output.handovers, found.ns);
  if (key === 'inode' && hostnames.length > 1) {
    // Inode numbers are reused once a namespace is freed: another container that lived and
    // died inside the recording window can have had the same one; its counts are merged in.
    incompleteReasons.push(
      `mount namespace inode ${found.ns} was used by containers with different hostnames (${hostnames.join(', ')}) during the recording; their counts cannot be told apart`,
    );
  }
  const execs = stopped.output.handovers.filter((h) => h.ns === found.ns).reduce((n, h) => n + h.count, 0);
  const keyText =
    key === 'id' ? 'mount namespace id' : 'mount namespace inode (this kernel has no ns_id; inodes are reused)';
  const notes = [
    `ebpf: bpftrace attached ${stopped.output.attachedProbes ?? '?'} probes in ${Math.round(session.attachMs)} ms, before the container started`,
    found.ns === undefined
      ? 'ebpf: no mount namespace, nothing counted'
      : `ebpf: counted by ${keyText} ${found.ns}, found by ${found.how}`,
    `ebpf: ${execs} runtime exec(s) into the workload (entrypoint${execs > 1 ? ' and docker exec' : ''}); the runtime's own calls before them are not counted`,
    'ebpf: counts are in-kernel totals, so firstSeen follows syscall number, not time',
    ...base.notes,
    ...session.warnings.slice(0, 10).map((line) => `bpftrace: ${line}`),
  ];
  return { ...base, notes, incompleteReasons };
}
