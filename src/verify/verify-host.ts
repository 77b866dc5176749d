import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ociSeccomp } from '../emit/oci.js';
import { InternalError } from '../errors.js';
import { nativeArch } from '../kernel/arch.js';
import { DOCKER_DEFAULT_CAPS } from '../kernel/capabilities.js';
import type { SeccompProfile } from '../model/profile.js';
import { holdResource, releaseResource, type Resource } from '../state/registry.js';
import { runningKernel } from '../profile/resolve.js';
import type { TraceContext } from '../trace/backend.js';
import { writeCanary } from './canary-docker.js';
import { chooseCanary, judgeCanary } from './canary.js';
import { requireAuditd } from './complain-run.js';
import { explainHostRun } from './host-complain.js';
import {
  bundleConfig,
  freshMounts,
  HOST_CANARY_PATH,
  prepareRootfs,
  writeBundleConfig,
  type BundleProcess,
} from './host-bundle.js';
import { learnVehicleSyscalls, withVehicle } from './host-vehicle.js';
import { runHostOnce } from './host-run.js';
import { findHostRuntime, mountsUnder } from './host-runtime.js';
import { replayName } from '../workload/names.js';
import type { Explanation, VerifyReport } from './report.js';
import { buildSuggestion } from './suggestion.js';
import { runChecks, verdictOf } from './verdict.js';
import { policyFor, type ReplayRequest, type VerifyDeps } from './verify-container.js';

/** `seccompose verify PROFILE -- COMMAND [ARGS...]`, parsed. */
export interface HostVerifyRequest extends ReplayRequest {
  /** Empty capAdd = Docker's 14 default capabilities (a host command has no docker run to take them from). */
  command: string[];
}

/**
 * Verify a profile against a plain host command: run it with an OCI runtime (runc, else crun)
 * in a bundle whose root is the host's, read-only (fresh /proc, /dev, /sys and a tmpfs /tmp),
 * under the profile converted as `emit --format oci` does; the canary runs in a second
 * container with the same config; a complain run explains failures through audit.
 */
export async function verifyHost(request: HostVerifyRequest, deps: VerifyDeps): Promise<VerifyReport> {
  const runtime = await findHostRuntime(deps.runner, deps.signal);
  const dir = await mkdtemp(join(tmpdir(), 'seccompose-verify-host-'));
  // Written down for `seccompose cleanup` after a SIGKILL; crossed off only once it is removed.
  const held: Resource = { kind: 'temp-dir', path: dir };
  await holdResource(held);
  await chmod(dir, 0o700);
  try {
    return await verifyInBundle(request, deps, runtime, dir);
  } finally {
    await removeBundleDir(dir);
    await releaseResource(held);
  }
}

async function verifyInBundle(
  request: HostVerifyRequest,
  deps: VerifyDeps,
  runtime: string,
  dir: string,
): Promise<VerifyReport> {
  const context: TraceContext = {
    runner: deps.runner,
    logger: deps.logger,
    signal: deps.signal,
    tempDir: dir,
    onProgress: undefined,
  };
  const { profile } = request.target;
  if (request.explain && profile) await requireAuditd(context);
  const caps = request.capAdd.length > 0 ? request.capAdd : [...DOCKER_DEFAULT_CAPS];
  const seccompOf = (p: SeccompProfile | null) =>
    p ? ociSeccomp(p, { arch: nativeArch(), caps, kernel: runningKernel() }) : undefined;
  const processOf = (args: string[]): BundleProcess => ({ args, cwd: process.cwd(), env: hostEnv(), caps });
  const plan = {
    runtime,
    bundle: dir,
    readyTimeoutS: request.readyTimeoutS,
    graceS: request.graceS,
    exerciseTimeoutS: request.exerciseTimeoutS,
  };
  const notes = [
    ...request.notes,
    ...(request.capAdd.length === 0
      ? [
          "a host command has no docker run to take capabilities from: it ran with Docker's 14 default capabilities (use --cap-add to choose)",
        ]
      : []),
  ];
  // The learning run comes first: the canary must be chosen against the profile the runs get.
  const root = await prepareRootfs(dir);
  const vehicle = profile
    ? await learnVehicleSyscalls(
        { plan, mounts: [...root, ...freshMounts(undefined)], processOf, seccompOf, policy: policyFor(profile, caps) },
        deps,
        context,
      )
    : undefined;
  if (profile && vehicle)
    notes.push(
      `${runtime}'s own calls after it installs the filter (${vehicle.join(', ')}) were allowed for these runs: they belong to the enforcement vehicle, not to the command`,
    );
  if (profile && !vehicle)
    notes.push(
      `${runtime}'s own post-filter calls could not be learned (auditd is not running): a profile recorded from a plain command may fail because of them`,
    );
  const tested = profile && vehicle ? withVehicle(profile, vehicle) : profile;
  const policy = tested ? policyFor(tested, caps) : null;
  const choice = chooseCanary(policy, process.arch);
  const mounts = [...root, ...freshMounts(choice.ok ? await writeCanary(dir, choice.plan.nr) : undefined)];

  deps.onPhase?.('enforce run');
  await writeBundleConfig(dir, bundleConfig(processOf(request.command), mounts, seccompOf(tested)));
  const run = await runHostOnce(
    { ...plan, id: replayName(), exercise: request.exercise, durationS: request.durationS },
    deps,
  );
  let canary = choice.ok ? undefined : { ok: false, detail: choice.reason };
  if (choice.ok) {
    await writeBundleConfig(dir, bundleConfig(processOf([HOST_CANARY_PATH]), mounts, seccompOf(tested)));
    const probe = await runHostOnce({ ...plan, id: replayName() }, deps);
    const ran = probe.ready.kind === 'ready' && probe.end.kind === 'exited';
    canary = judgeCanary(
      choice.plan,
      ran
        ? { ran, exitCode: probe.end.exitCode, where: `in a second ${runtime} container with the same config` }
        : { ran: false, why: 'the probe container did not start' },
    );
  }
  const checks = runChecks({ ready: run.ready, exercise: run.exercise, end: run.end, canary });
  const verdict = verdictOf(checks);
  let explanation: Explanation | undefined;
  const workloadFailed = checks.some((c) => c.name !== 'canary' && !c.ok);
  if (tested && policy && (request.explain || workloadFailed)) {
    deps.onPhase?.('complain run');
    explanation = await explainHostRun(
      {
        profile: tested,
        policy,
        seccompOf,
        processOf,
        mounts,
        plan: { ...plan, exercise: request.exercise, durationS: request.durationS },
        explain: request.explain,
        command: request.command,
      },
      deps,
      context,
    );
  }
  const suggestion = buildSuggestion({
    verdict,
    checks,
    explanation,
    profile: request.target.label,
    workload: request.command,
    exercise: request.exercise,
  });
  return { verdict, profile: request.target.label, capAdd: [...caps].sort(), checks, explanation, suggestion, notes };
}

/** The command's environment: PATH, HOME and the locale, nothing else from ours. */
function hostEnv(): string[] {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TERM'];
  return keep.filter((k) => process.env[k] !== undefined).map((k) => `${k}=${process.env[k]}`);
}

/** Remove the bundle directory, but never through a mount that is still attached. */
async function removeBundleDir(dir: string): Promise<void> {
  const leaked = mountsUnder(await readFile('/proc/self/mountinfo', 'utf8'), dir);
  if (leaked.length > 0) {
    throw new InternalError(
      `the bundle directory ${dir} still has mounts (${leaked.join(', ')}); it was left in place`,
      {
        hint: `unmount them (umount -R ${dir}) and remove the directory`,
      },
    );
  }
  await rm(dir, { recursive: true, force: true });
}
