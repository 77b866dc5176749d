import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeProfile } from '../emit/profile-json.js';
import { EnvironmentError } from '../errors.js';
import type { SeccompProfile } from '../model/profile.js';
import type { ResolvedPolicy } from '../profile/resolve.js';
import type { TraceContext } from '../trace/backend.js';
import { AUDITD_HINT } from '../trace/audit/backend.js';
import { auditLogPath, readAuditStatus } from '../trace/audit/control.js';
import { AuditRecording, type FinishedWindow } from '../trace/audit/recording.js';
import { CapabilityWatch, type CapabilityEvidence } from './capability-watch.js';
import { toComplainProfile } from './complain-profile.js';
import { runContainerOnce, type ContainerRunDeps, type ContainerRunPlan } from './container-run.js';
import { DenialCollector } from './denials.js';
import { sandboxArgs } from './enforce-args.js';
import type { Explanation } from './report.js';

/** The complain run: the same replay under the complain profile, read through audit (+ eBPF caps). */
export interface ComplainRequest extends Omit<ContainerRunPlan, 'sandbox' | 'canary'> {
  profile: SeccompProfile;
  policy: ResolvedPolicy;
  capAdd: string[];
}

/** Fail with exit 3 when auditd cannot deliver every SECCOMP record. */
export async function requireAuditd(context: Pick<TraceContext, 'runner' | 'signal'>): Promise<string> {
  const status = await readAuditStatus(context.runner, context.signal).catch(() => undefined);
  if (!status || status.enabled === 0 || status.pid === 0) {
    throw new EnvironmentError(
      'complain mode needs auditd, which is not running: without it the kernel rate-limits SECCOMP records to a few',
      {
        hint: `${AUDITD_HINT.split(';')[0]}; or run verify without --explain (the enforce run needs no tracer)`,
      },
    );
  }
  return auditLogPath();
}

/**
 * Replay the workload under the complain profile (every denial → SCMP_ACT_LOG) and list, from
 * the audit log, each syscall the profile would deny, by process; capability checks that failed
 * come from bpftrace when it can run alongside.
 */
export async function explainByComplainRun(
  request: ComplainRequest,
  deps: ContainerRunDeps,
  context: TraceContext,
): Promise<Explanation> {
  const logPath = await requireAuditd(context);
  const file = join(context.tempDir, 'complain-profile.json');
  await writeFile(file, serializeProfile(toComplainProfile(request.profile)), { mode: 0o600 });
  const caps = await CapabilityWatch.start(context);
  const collector = new DenialCollector();
  let recording: AuditRecording | undefined;
  try {
    recording = await AuditRecording.start(
      context.runner,
      context.logger,
      { kind: 'auditd', logPath },
      { signal: context.signal },
    );
    recording.window.observeSeccomp((record) => collector.add(record));
    let capEvidence: CapabilityEvidence = { observed: false, why: 'the container did not start' };
    const run = await runContainerOnce(
      { ...request, sandbox: sandboxArgs(file, request.capAdd), canary: false },
      {
        ...deps,
        onStarted: (container) => caps.started(context, container),
        onStopped: async (container) => void (capEvidence = await caps.collect(context, container)),
      },
    );
    const finished = await recording.finish(context.signal);
    return explain(request.policy, collector, finished, run.container, capEvidence);
  } finally {
    await recording?.stop();
    await caps.dispose(context);
  }
}

function explain(
  policy: ResolvedPolicy,
  collector: DenialCollector,
  finished: FinishedWindow,
  container: { id: string; pid: number } | undefined,
  caps: CapabilityEvidence,
): Explanation {
  const notes = [...finished.losses];
  if (!container) {
    notes.push(
      'the workload did not start even under the complain profile: the failure is not a seccomp denial (check the docker run arguments and capabilities)',
    );
    return { denied: [], failedCapabilities: [], capabilitiesObserved: false, notes };
  }
  const { window } = finished;
  const roots = new Set([
    ...window.attribute({ kind: 'container', id: container.id, initPid: container.pid }).rootPids,
    ...window.tree.shimPids(container.id),
  ]);
  const { denied, unknown } = collector.denied(window.tree.descendants(roots), policy);
  if (unknown.length > 0) notes.push(`records with syscall numbers this build does not know: ${unknown.join(', ')}`);
  if (caps.observed) {
    if (caps.failed.includes('CAP_SYS_ADMIN')) {
      notes.push(
        "CAP_SYS_ADMIN is checked on every exec by the kernel's memory-overcommit heuristic and refused harmlessly; add it only if a denied operation needs it",
      );
    }
  } else {
    notes.push(`capability failures are not observed in this run: ${caps.why}`);
  }
  return { denied, failedCapabilities: caps.observed ? caps.failed : [], capabilitiesObserved: caps.observed, notes };
}
