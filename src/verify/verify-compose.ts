import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { escapeCompose } from '../emit/compose.js';
import { ComposeProject, findCompose } from '../engine/compose.js';
import { DockerEngine } from '../engine/docker.js';
import { RECORDING_LABEL } from '../engine/run-args.js';
import { messageOf } from '../errors.js';
import { withTempDir } from '../io/temp-dir.js';
import { loadProfile } from '../profile/load.js';
import type { SessionIo } from '../record/session.js';
import { OWNER_LABEL, ownTag } from '../state/owner.js';
import { parseComposeConfig, type ComposeService } from '../workload/compose-config.js';
import type { DrivePlan } from '../workload/drive.js';
import { trackLive } from '../workload/live.js';
import { projectName } from '../workload/names.js';
import { writeCanary } from './canary-docker.js';
import { chooseCanary } from './canary.js';
import { complainRunProject, type ServiceComplaint } from './compose-complain.js';
import { capList } from './compose-input.js';
import { replayProject, type ProjectRun, type Target } from './compose-replay.js';
import { CANARY_PATH } from './enforce-args.js';
import type { Check } from './report.js';
import { verdictOf } from './verdict.js';
import { policyFor } from './verify-container.js';

/** `seccompose verify -f compose.yaml -f compose.seccomp.yaml`, parsed. */
export interface ComposeVerifyRequest extends DrivePlan {
  files: string[];
  readyTimeoutS: number;
  graceS: number;
}

/** One service's verdict. */
export interface ServiceVerdict {
  service: string;
  verdict: 'pass' | 'fail';
  profile: string;
  capAdd: string[];
  checks: Check[];
  /** Its containers in the enforce run (one per replica). */
  containers: string[];
  /** From the complain run, when it ran under its complain profile. */
  complaint: ServiceComplaint | undefined;
  /** A read-only-filesystem failure seen in its log (enforce or complain run). */
  readOnlyFailure: string | undefined;
  /** Why it failed, as far as the evidence tells (empty when it passed). */
  causes: Cause[];
  logTail: string[];
}

/**
 * What made a service fail: its profile (it passed under its complain profile, so the denials
 * are what it lacked), a read-only filesystem, capabilities its cap_add lacks, or something else
 * (it failed under its complain profile too, and neither of those shows).
 */
export type Cause = 'seccomp' | 'read-only-filesystem' | 'capabilities' | 'not-seccomp';

/** The causes of a failed service's failure, from the two runs' evidence. */
export function causesOf(
  complaint: ServiceComplaint | undefined,
  readOnlyFailure: string | undefined,
  failedOwnChecks: boolean,
): Cause[] {
  const causes: Cause[] = [];
  const failedToo = (complaint?.failedToo.length ?? 0) > 0;
  if (complaint && complaint.denied.length > 0 && !failedToo) causes.push('seccomp');
  if (readOnlyFailure) causes.push('read-only-filesystem');
  // CAP_SYS_ADMIN alone is the overcommit heuristic's harmless check on exec.
  if (complaint?.missingCapabilities.some((c) => c !== 'CAP_SYS_ADMIN')) causes.push('capabilities');
  if (causes.length === 0 && (failedToo || failedOwnChecks)) causes.push('not-seccomp');
  return causes;
}

/** The project's verdict: pass only when every service and the exercise pass. */
export interface ComposeVerifyReport {
  verdict: 'pass' | 'fail';
  project: string;
  exercise: Check | undefined;
  services: ServiceVerdict[];
  notes: string[];
}

/**
 * Replay a compose project under its seccomp override: the whole project up, each service's
 * readiness, the canary inside each service, the exercise, stop with the grace period. When a
 * service failed, a complain run (compose-complain.ts) brings the project up again with each
 * failing service under its complain profile and names what its own profile denies and the
 * capabilities it lacks. Every run is `down`ed (containers, networks, volumes).
 */
export async function verifyProject(request: ComposeVerifyRequest, io: SessionIo): Promise<ComposeVerifyReport> {
  const engine = io.engine ?? new DockerEngine(io.runner);
  const cli = await findCompose(io.runner);
  const files = request.files.map((f) => resolve(f));
  const name = projectName('verify');
  const config = parseComposeConfig(await new ComposeProject(io.runner, cli, files, name).config(), files.join(', '));
  return withTempDir('verify-compose', async (dir) => {
    const targets = await prepareTargets(config, dir);
    const override = join(dir, 'seccompose-verify.override.yaml');
    await writeFile(
      override,
      stringify(
        {
          services: Object.fromEntries(
            [...targets].map(([s, t]) => [
              s,
              {
                labels: { [RECORDING_LABEL]: '1', [OWNER_LABEL]: ownTag() },
                ...(t.canaryPath ? { volumes: [`${escapeCompose(t.canaryPath)}:${CANARY_PATH}:ro`] } : {}),
              },
            ]),
          ),
        },
        { lineWidth: 0 },
      ),
    );
    const project = new ComposeProject(io.runner, cli, [...files, override], name);
    const untrack = trackLive({ kind: 'project', argv: [project.program, ...project.downArgs(2)] });
    let run: ProjectRun;
    try {
      run = await replayProject(project, targets, { plan: request, canary: true }, engine, io);
    } finally {
      await project.down(request.graceS);
      untrack();
    }
    const notes: string[] = run.upFailure ? [run.upFailure] : [];
    const complain = complainServices(run, targets, notes);
    let complaints = new Map<string, ServiceComplaint>();
    if (complain.length > 0) {
      io.onPhase?.('complain run');
      const plan = { cli, files, targets, complain, replay: request, dir };
      const found = await complainRunProject(plan, engine, io).catch((error: unknown) => {
        if (io.signal.aborted) throw error;
        notes.push(`no complain run: ${messageOf(error)}`);
        return undefined;
      });
      if (found) {
        complaints = found.services;
        notes.push(...found.notes);
        if (found.exercise && !found.exercise.ok)
          notes.push(
            `the exercise failed in the complain run too (${found.exercise.detail}): that failure is not (only) a seccomp denial`,
          );
      }
    }
    const services = run.services.map((s): ServiceVerdict => {
      const target = targets.get(s.service)!;
      const complaint = complaints.get(s.service);
      const readOnlyFailure = s.readOnlyFailure ?? complaint?.readOnlyFailure;
      // Refused capability checks alone do not fail a service that passed (programs probe capabilities they do not need).
      const denied = (complaint?.denied.length ?? 0) > 0;
      const own = verdictOf(s.checks) === 'fail';
      const pass = !own && !denied && !readOnlyFailure;
      return {
        service: s.service,
        verdict: pass ? 'pass' : 'fail',
        profile: target.label,
        capAdd: target.capAdd,
        checks: s.checks,
        containers: s.containers.map((c) => c.name),
        complaint,
        readOnlyFailure,
        causes: pass ? [] : causesOf(complaint, readOnlyFailure, own),
        logTail: s.logTail,
      };
    });
    const verdict = services.every((s) => s.verdict === 'pass') && (run.exercise?.ok ?? true) ? 'pass' : 'fail';
    return { verdict, project: name, exercise: run.exercise, services, notes };
  });
}

/**
 * The services the complain run puts under their complain profiles: the ones that failed their
 * own checks; when only the exercise failed, which no service's checks explain, all of them.
 */
function complainServices(run: ProjectRun, targets: ReadonlyMap<string, Target>, notes: string[]): string[] {
  const withProfile = (s: string) => targets.get(s)?.profile != null;
  const failing = run.services.filter((s) => verdictOf(s.checks) === 'fail').map((s) => s.service);
  if (failing.length > 0) return failing.filter(withProfile);
  if (run.exercise && !run.exercise.ok) {
    notes.push('only the exercise failed: the complain run ran every service under its complain profile');
    return [...targets.keys()].filter(withProfile);
  }
  return [];
}

async function prepareTargets(config: Map<string, ComposeService>, dir: string): Promise<Map<string, Target>> {
  const targets = new Map<string, Target>();
  for (const [service, c] of config) {
    const seccomp = c.securityOpt.map((o) => /^seccomp[=:](.+)$/.exec(o)?.[1]).find((p) => p !== undefined);
    const capAdd = capList(c.capAdd, `services.${service}.cap_add`);
    const profile = seccomp && seccomp !== 'unconfined' ? (await loadProfile(seccomp)).profile : null;
    const policy = profile ? policyFor(profile, capAdd) : null;
    const canary = chooseCanary(policy, process.arch);
    const serviceDir = join(dir, service);
    await mkdir(serviceDir, { mode: 0o755 });
    const canaryPath = canary.ok ? await writeCanary(serviceDir, canary.plan.nr) : undefined;
    targets.set(service, {
      config: c,
      label: seccomp ?? 'no seccomp profile',
      capAdd,
      profile,
      policy,
      canary,
      canaryPath,
    });
  }
  return targets;
}
