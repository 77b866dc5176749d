import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DockerEngine, type ContainerEngine } from '../engine/docker.js';
import type { DockerRunSpec } from '../engine/run-args.js';
import { ToolError, messageOf } from '../errors.js';
import type { Runner } from '../exec/run.js';
import { withTempDir } from '../io/temp-dir.js';
import { nativeArch } from '../kernel/arch.js';
import type { Logger } from '../log.js';
import type { SeccompProfile } from '../model/profile.js';
import { resolveProfile, runningKernel, type ResolvedPolicy } from '../profile/resolve.js';
import type { TraceContext } from '../trace/backend.js';
import { writeCanary } from './canary-docker.js';
import { chooseCanary, judgeCanary, type CanaryChoice } from './canary.js';
import { explainByComplainRun, requireAuditd } from './complain-run.js';
import { runContainerOnce } from './container-run.js';
import { sandboxArgs } from './enforce-args.js';
import type { Explanation, VerifyReport } from './report.js';
import { buildSuggestion } from './suggestion.js';
import { runChecks, verdictOf } from './verdict.js';

/** The profile under test: its display name, content and text (null = unconfined). */
export interface ProfileUnderTest {
  label: string;
  profile: SeccompProfile | null;
  text: string;
}

/** What every replay needs, container or host command. */
export interface ReplayRequest {
  target: ProfileUnderTest;
  capAdd: string[];
  exercise?: string;
  durationS?: number;
  exerciseTimeoutS: number;
  readyTimeoutS: number;
  graceS: number;
  explain: boolean;
  notes: string[];
}

/** `seccompose verify PROFILE -- docker run ...`, parsed: the replay and the docker run it replays. */
export interface ContainerVerifyRequest extends ReplayRequest {
  spec: DockerRunSpec;
  /** The words after `--`, for the suggestion. */
  workload: string[];
}

export interface VerifyDeps {
  runner: Runner;
  logger: Logger;
  signal: AbortSignal;
  engine?: ContainerEngine;
  onPhase?: (phase: string) => void;
}

/** The policy the container gets: the profile resolved for this machine and the cap set. */
export function policyFor(profile: SeccompProfile, capAdd: readonly string[]): ResolvedPolicy {
  return resolveProfile(profile, { arch: nativeArch(), caps: [...capAdd].sort(), kernel: runningKernel() });
}

/**
 * Verify a profile against a container workload: an enforce run (the profile, cap_drop ALL +
 * capAdd, no-new-privileges, the canary), then — when it failed, or with `explain` — a complain
 * run that names every syscall the profile would deny.
 */
export async function verifyContainer(request: ContainerVerifyRequest, deps: VerifyDeps): Promise<VerifyReport> {
  const engine = deps.engine ?? new DockerEngine(deps.runner);
  await engine.info();
  return withTempDir('verify', async (tempDir) => {
    const context: TraceContext = {
      runner: deps.runner,
      logger: deps.logger,
      signal: deps.signal,
      tempDir,
      onProgress: undefined,
    };
    if (request.explain && request.target.profile) await requireAuditd(context);
    const policy = request.target.profile ? policyFor(request.target.profile, request.capAdd) : null;
    const choice = chooseCanary(policy, process.arch);
    const seccomp = request.target.profile ? join(tempDir, 'profile.json') : 'unconfined';
    if (request.target.profile) await writeFile(seccomp, request.target.text, { mode: 0o644 });
    const canaryPath = choice.ok ? await writeCanary(tempDir, choice.plan.nr) : undefined;
    deps.onPhase?.('enforce run');
    const run = await runContainerOnce(
      { ...request, sandbox: sandboxArgs(seccomp, request.capAdd, canaryPath), canary: choice.ok },
      { engine, runner: deps.runner, logger: deps.logger, signal: deps.signal, onPhase: deps.onPhase },
    );
    const checks = runChecks({
      ready: run.ready,
      exercise: run.exercise,
      end: run.end,
      canary: canaryCheck(choice, run.canary),
    });
    const verdict = verdictOf(checks);
    const explanation = await maybeExplain(request, policy, verdict, checks, { engine, deps, context });
    const suggestion = buildSuggestion({
      verdict,
      checks,
      explanation,
      profile: request.target.label,
      workload: request.workload,
      exercise: request.exercise,
    });
    return {
      verdict,
      profile: request.target.label,
      capAdd: [...request.capAdd].sort(),
      checks,
      explanation,
      suggestion,
      notes: request.notes,
    };
  });
}

function canaryCheck(
  choice: CanaryChoice,
  run: Parameters<typeof judgeCanary>[1] | undefined,
): { ok: boolean; detail: string } {
  if (!choice.ok) return { ok: false, detail: choice.reason };
  return judgeCanary(choice.plan, run ?? { ran: false, why: 'the workload did not start' });
}

async function maybeExplain(
  request: ContainerVerifyRequest,
  policy: ResolvedPolicy | null,
  verdict: 'pass' | 'fail',
  checks: VerifyReport['checks'],
  env: { engine: ContainerEngine; deps: VerifyDeps; context: TraceContext },
): Promise<Explanation | undefined> {
  const workloadFailed = checks.some((c) => c.name !== 'canary' && !c.ok);
  if (!request.explain && !(verdict === 'fail' && workloadFailed)) return undefined;
  if (!request.target.profile || !policy) {
    return {
      denied: [],
      failedCapabilities: [],
      capabilitiesObserved: false,
      notes: ['no complain run: the workload ran unconfined, there is no profile to explain'],
    };
  }
  env.deps.onPhase?.('complain run');
  try {
    return await explainByComplainRun(
      { ...request, profile: request.target.profile, policy },
      {
        engine: env.engine,
        runner: env.deps.runner,
        logger: env.deps.logger,
        signal: env.deps.signal,
        onPhase: env.deps.onPhase,
      },
      env.context,
    );
  } catch (error) {
    // Without --explain a missing tracer must not hide the verdict: say why there is no explanation.
    if (request.explain || !(error instanceof ToolError) || env.deps.signal.aborted) throw error;
    return {
      denied: [],
      failedCapabilities: [],
      capabilitiesObserved: false,
      notes: [`no complain run: ${messageOf(error)}`],
    };
  }
}
