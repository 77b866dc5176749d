import type { OciSeccomp } from '../emit/oci.js';
import { ToolError, messageOf } from '../errors.js';
import type { SeccompProfile } from '../model/profile.js';
import type { ResolvedPolicy } from '../profile/resolve.js';
import type { TraceContext } from '../trace/backend.js';
import { auditLogPath } from '../trace/audit/control.js';
import { AuditRecording } from '../trace/audit/recording.js';
import { CapabilityWatch } from './capability-watch.js';
import { toComplainProfile } from './complain-profile.js';
import { requireAuditd } from './complain-run.js';
import { DenialCollector } from './denials.js';
import { bundleConfig, writeBundleConfig, type BundleProcess } from './host-bundle.js';
import { runHostOnce, type HostRunDeps, type HostRunPlan } from './host-run.js';
import { replayName } from '../workload/names.js';
import type { Explanation } from './report.js';

/** What the host complain run reuses from the enforce run. */
export interface HostComplainRequest {
  profile: SeccompProfile;
  policy: ResolvedPolicy;
  seccompOf: (profile: SeccompProfile) => OciSeccomp | undefined;
  processOf: (args: string[]) => BundleProcess;
  mounts: Record<string, unknown>[];
  plan: Omit<HostRunPlan, 'id'> & { bundle: string };
  /** --explain was asked for: a missing auditd is then an error, else a note. */
  explain: boolean;
  /** The host command (argv). */
  command: string[];
}

/** The host command again under the complain profile, its would-be denials read through audit. */
export async function explainHostRun(
  request: HostComplainRequest,
  deps: HostRunDeps,
  context: TraceContext,
): Promise<Explanation> {
  try {
    await requireAuditd(context);
  } catch (error) {
    if (request.explain || !(error instanceof ToolError)) throw error;
    return {
      denied: [],
      failedCapabilities: [],
      capabilitiesObserved: false,
      notes: [`no complain run: ${messageOf(error)}`],
    };
  }
  const complain = request.seccompOf(toComplainProfile(request.profile));
  await writeBundleConfig(
    request.plan.bundle,
    bundleConfig(request.processOf(request.command), request.mounts, complain),
  );
  const caps = await CapabilityWatch.start(context);
  const collector = new DenialCollector();
  const recording = await AuditRecording.start(
    context.runner,
    context.logger,
    { kind: 'auditd', logPath: await auditLogPath() },
    { signal: context.signal },
  );
  recording.window.observeSeccomp((record) => collector.add(record));
  const id = replayName();
  try {
    let started: { id: string; name: string; pid: number } | undefined;
    const run = await runHostOnce(
      { ...request.plan, id },
      { ...deps, onStarted: (pid) => caps.started(context, (started = { id, name: id, pid })) },
    );
    const finished = await recording.finish(context.signal);
    const capEvidence = await caps.collect(context, started);
    const pids = run.pid === undefined ? new Set<number>() : finished.window.tree.descendants([run.pid]);
    const { denied } = collector.denied(pids, request.policy);
    const notes = [...finished.losses];
    if (!capEvidence.observed) notes.push(`capability failures are not observed in this run: ${capEvidence.why}`);
    return {
      denied,
      failedCapabilities: capEvidence.observed ? capEvidence.failed : [],
      capabilitiesObserved: capEvidence.observed,
      notes,
    };
  } finally {
    await recording.stop();
    await caps.dispose(context);
  }
}
