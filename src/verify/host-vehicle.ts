import type { OciSeccomp } from '../emit/oci.js';
import type { SeccompProfile } from '../model/profile.js';
import type { ResolvedPolicy } from '../profile/resolve.js';
import type { TraceContext } from '../trace/backend.js';
import { auditLogPath, readAuditStatus } from '../trace/audit/control.js';
import { AuditRecording } from '../trace/audit/recording.js';
import { DenialCollector } from './denials.js';
import { bundleConfig, writeBundleConfig, type BundleProcess } from './host-bundle.js';
import { runHostOnce, type HostRunDeps, type HostRunPlan } from './host-run.js';
import { replayName } from '../workload/names.js';

/** Process name of runc's init until it execs the command (crun keeps `crun`). */
const INIT_COMM = /^(?:runc:\[2:INIT\]|crun)$/;
/** Returning from a signal handler: runc's Go runtime can take a signal after the filter (see record/runtime-syscalls.ts). */
const SIGNAL_RETURN = 'rt_sigreturn';

/** What the learning run needs. */
export interface VehicleRequest {
  plan: Omit<HostRunPlan, 'id'>;
  mounts: Record<string, unknown>[];
  processOf: (args: string[]) => BundleProcess;
  seccompOf: (profile: SeccompProfile) => OciSeccomp | undefined;
  /** Any resolved policy: only used to name the records. */
  policy: ResolvedPolicy;
}

/**
 * The OCI runtime's own calls after it installed the filter (before it execs the command),
 * learned here and now: `true` runs under a log-everything filter and the records of the
 * runtime's init are kept. They belong to the enforcement vehicle, not to the command, so a
 * profile recorded from a plain command lacks them. undefined when auditd is not running.
 */
export async function learnVehicleSyscalls(
  request: VehicleRequest,
  deps: HostRunDeps,
  context: TraceContext,
): Promise<string[] | undefined> {
  const status = await readAuditStatus(context.runner, context.signal).catch(() => undefined);
  if (!status || status.enabled === 0 || status.pid === 0) return undefined;
  await writeBundleConfig(
    request.plan.bundle,
    bundleConfig(
      request.processOf(['true']),
      request.mounts,
      request.seccompOf({ defaultAction: 'SCMP_ACT_LOG', syscalls: [] }),
    ),
  );
  const names = new Set<string>([SIGNAL_RETURN]);
  for (let i = 0; i < LEARNING_RUNS; i++) {
    const learned = await learnOnce(request, deps, context);
    if (learned === undefined) return undefined;
    for (const name of learned) names.add(name);
  }
  return [...names].sort();
}

/** Runs unioned: runc's Go runtime makes some calls (futex) only sometimes. */
const LEARNING_RUNS = 2;

async function learnOnce(
  request: VehicleRequest,
  deps: HostRunDeps,
  context: TraceContext,
): Promise<string[] | undefined> {
  const collector = new DenialCollector();
  const recording = await AuditRecording.start(
    context.runner,
    context.logger,
    { kind: 'auditd', logPath: await auditLogPath() },
    { signal: context.signal },
  );
  recording.window.observeSeccomp((record) => collector.add(record));
  try {
    const run = await runHostOnce(
      { ...request.plan, id: replayName(), exercise: undefined, durationS: undefined },
      deps,
    );
    const finished = await recording.finish(context.signal);
    if (run.pid === undefined) return undefined;
    const { denied } = collector.denied(finished.window.tree.descendants([run.pid]), request.policy);
    return denied
      .filter((d) => d.arch === 'SCMP_ARCH_X86_64' && d.processes.some((p) => INIT_COMM.test(p)))
      .map((d) => d.syscall);
  } finally {
    await recording.stop();
  }
}

/** The profile plus an ALLOW rule for the vehicle's calls (appended; the profile's own rules come first). */
export function withVehicle(profile: SeccompProfile, names: readonly string[]): SeccompProfile {
  if (names.length === 0) return profile;
  return {
    ...profile,
    syscalls: [
      ...profile.syscalls,
      {
        names: [...names],
        action: 'SCMP_ACT_ALLOW',
        comment: "seccompose verify: the OCI runtime's own post-filter calls",
      },
    ],
  };
}
