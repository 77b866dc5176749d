import { EnvironmentError, InternalError } from '../../errors.js';
import type { BackendEvidence, TraceContext } from '../backend.js';
import { addToGate } from './attach-late.js';
import { attachExtension, parseAdmission } from './attach-program.js';
import { processesIn, type TargetProcess } from './attach-processes.js';
import { describeProcesses, missedProcesses, settleRace } from './attach-race.js';
import { buildEvidence } from './evidence.js';
import { hostnamesIn } from './find-namespace.js';
import { BpftraceSession, type StoppedSession } from './session.js';

/** A running container to attach to: how it is named, its mount-namespace inode and hostname. */
export interface AttachTarget {
  name: string;
  inode: string;
  hostname: string;
}

/** bpftrace attached to running containers, counting; `stop` reads the counts per target. */
export interface AttachedTracer {
  /** Milliseconds from spawning bpftrace to the ready marker. */
  readonly attachMs: number;
  /** When every process of the targets was in the gate (after the late additions). */
  readonly attachedAt: Date;
  /** Processes seeded in BEGIN, per target name. */
  readonly seeded: ReadonlyMap<string, number>;
  stop(): Promise<Map<string, BackendEvidence>>;
  kill(): void;
}

/**
 * Attach the ebpf program to containers that already run (attach-program.ts): find their
 * processes, seed the gate with them, start bpftrace, then look again and add what was forked
 * while bpftrace compiled (attach-race.ts, attach-late.ts). One bpftrace for every target; the
 * counts are kept apart by mount-namespace inode.
 */
export async function attachTracer(context: TraceContext, targets: readonly AttachTarget[]): Promise<AttachedTracer> {
  const inodes = new Set(targets.map((t) => t.inode));
  if (inodes.size !== targets.length)
    throw new InternalError('two attach targets share a mount namespace; each container has its own');
  const seeds = await processesIn(inodes);
  for (const target of targets)
    if (!seeds.some((p) => p.inode === target.inode))
      throw new EnvironmentError(`container ${target.name} has no process left to attach to`, {
        hint: 'check that it is still running: docker ps',
      });
  /** Admitted pid → its namespace inode, as the program printed them. */
  const admitted = new Map<number, string>();
  const session = await BpftraceSession.start(context.runner, context.signal, 'inode', {
    extension: attachExtension([...inodes], seeds),
    onPrintf: (text) => {
      const admission = parseAdmission(text);
      if (admission) admitted.set(admission.pid, admission.inode);
    },
  });
  const missed = missedProcesses(seeds, new Set(admitted.keys()), await processesIn(inodes));
  const late =
    session.pid === undefined
      ? { added: new Set<number>(), failure: 'bpftrace has no pid' }
      : await addToGate(context.runner, session.pid, missed);
  const attachedAt = new Date();
  context.logger.debug(
    { attachMs: Math.round(session.attachMs), seeded: seeds.length, missed: missed.length, added: late.added.size },
    'bpftrace attached to running containers',
  );
  const seeded = new Map(targets.map((t) => [t.name, seeds.filter((p) => p.inode === t.inode).length]));
  return {
    attachMs: session.attachMs,
    attachedAt,
    seeded,
    async stop() {
      const stopped = await session.stop();
      const race = settleRace(missed, new Set(admitted.keys()), late.added);
      const evidence = new Map<string, BackendEvidence>();
      for (const target of targets) {
        const of = (list: readonly TargetProcess[]) => list.filter((p) => p.inode === target.inode);
        evidence.set(
          target.name,
          targetEvidence(stopped, target, session, {
            seeded: seeded.get(target.name) ?? 0,
            admitted: [...admitted.values()].filter((inode) => inode === target.inode).length,
            added: of(race.added),
            lost: of(race.lost),
            lateFailure: late.failure,
          }),
        );
      }
      return evidence;
    },
    kill: () => session.kill(),
  };
}

interface TargetBookkeeping {
  seeded: number;
  admitted: number;
  added: TargetProcess[];
  lost: TargetProcess[];
  lateFailure: string | undefined;
}

function targetEvidence(
  stopped: StoppedSession,
  target: AttachTarget,
  session: BpftraceSession,
  book: TargetBookkeeping,
): BackendEvidence {
  const base = buildEvidence(stopped.output, target.inode);
  const incompleteReasons = [...base.incompleteReasons];
  // An idle container may make no call while attached: bpftrace then prints no counts, and only
  // its exit tells a clean end (the stop signal, END ran, exit 0) from a tracer that died.
  const clean = stopped.result.exitCode === 0 && !stopped.result.signal && !stopped.result.timedOut;
  if (stopped.failure && !clean) incompleteReasons.push(stopped.failure);
  const idle = Object.values(base.syscalls).every((calls) => Object.keys(calls ?? {}).length === 0);
  const lost = base.diagnostics.lostEvents;
  if (lost > 0) incompleteReasons.push(`bpftrace lost ${lost} events (lost events or failed map updates)`);
  if (book.lost.length > 0)
    incompleteReasons.push(
      `process(es) ${describeProcesses(book.lost)} of container ${target.name} started while bpftrace was attaching and could not be added to the recording (${book.lateFailure ?? 'unknown reason'}); their calls are missing — install bpftool (apt-get install bpftool) and attach again`,
    );
  const strangers = hostnamesIn(stopped.output.handovers, target.inode).filter((h) => h !== target.hostname);
  if (strangers.length > 0)
    incompleteReasons.push(
      `mount namespace inode ${target.inode} of container ${target.name} was reused by another container (hostname ${strangers.join(', ')}) after it exited; their counts cannot be told apart`,
    );
  const execs = stopped.output.handovers.filter((h) => h.ns === target.inode).reduce((n, h) => n + h.count, 0);
  const notes = [
    `ebpf: attached to the running container in ${Math.round(session.attachMs)} ms (${stopped.output.attachedProbes ?? '?'} probes); counted by mount namespace inode ${target.inode}`,
    `ebpf: ${book.seeded} process(es) already running were seeded, ${book.admitted} admitted as they forked, ${book.added.length} added after bpftrace attached${book.added.length ? ` (${describeProcesses(book.added)})` : ''}; ${execs} docker exec(s) during the attach`,
    'ebpf: counts are in-kernel totals, so firstSeen follows syscall number, not time',
    ...(idle && clean ? ['ebpf: the container made no syscall while attached (bpftrace ended cleanly)'] : []),
    ...base.notes,
    ...session.warnings.slice(0, 10).map((line) => `bpftrace: ${line}`),
  ];
  return { ...base, notes, incompleteReasons };
}
