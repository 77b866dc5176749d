import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { COMPOSE_LABELS, ComposeProject, findCompose } from '../engine/compose.js';
import { DockerEngine, type ContainerEngine, type ContainerState } from '../engine/docker.js';
import { ToolError } from '../errors.js';
import { RECORDING_LABEL } from '../engine/run-args.js';
import { escapeCompose } from '../emit/compose.js';
import { withTempDir } from '../io/temp-dir.js';
import type { SessionIo } from '../record/session.js';
import { parseComposeConfig, type ComposeService } from '../workload/compose-config.js';
import { composeExerciseEnv } from '../workload/compose-env.js';
import { watchContainers } from '../workload/container.js';
import { driveWorkload, exerciseProblem, type DrivePlan } from '../workload/drive.js';
import { trackLive } from '../workload/live.js';
import { projectName } from '../workload/names.js';
import { waitForReady } from '../workload/readiness.js';
import { writeCanary } from './canary-docker.js';
import { chooseCanary, judgeCanary } from './canary.js';
import { capList } from './compose-input.js';
import { explainProject, type ServiceExplanation } from './compose-explain.js';
import { CANARY_PATH } from './enforce-args.js';
import type { Check } from './report.js';
import { runChecks, verdictOf, type EndFact, type ReadyFact } from './verdict.js';
import { loadProfile } from '../profile/load.js';
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
  /** From the explanation run (absent when everything passed). */
  explanation: ServiceExplanation | undefined;
  /** A read-only-filesystem failure seen in its log. */
  readOnlyFailure: string | undefined;
  logTail: string[];
}

/** The project's verdict: pass only when every service and the exercise pass. */
export interface ComposeVerifyReport {
  verdict: 'pass' | 'fail';
  project: string;
  exercise: Check | undefined;
  services: ServiceVerdict[];
  notes: string[];
}

interface Target {
  config: ComposeService;
  label: string;
  capAdd: string[];
  policy: ReturnType<typeof policyFor> | null;
  canary: ReturnType<typeof chooseCanary>;
  canaryPath: string | undefined;
}

const LOG_TAIL = 8;
const EROFS = /read-only file system|EROFS/i;

/**
 * Replay a compose project under its seccomp override: the whole project up, each service's
 * readiness, the canary inside each service, the exercise, stop with the grace period; when
 * anything failed, an explanation run names per service the syscalls its profile would deny and
 * the capabilities the kernel refused. Always `down` (containers, networks, volumes).
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
                labels: { [RECORDING_LABEL]: '1' },
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
    let run: Awaited<ReturnType<typeof enforceRun>>;
    try {
      run = await enforceRun(project, targets, request, engine, io);
    } finally {
      await project.down(request.graceS);
      untrack();
    }
    const failing = [...run.services].filter((s) => verdictOf(s.checks) === 'fail').map((s) => s.service);
    let explanations = new Map<string, ServiceExplanation>();
    const notes: string[] = run.upFailure ? [run.upFailure] : [];
    if (failing.length > 0 || (run.exercise && !run.exercise.ok)) {
      io.onPhase?.('explanation run');
      const policies = new Map(
        [...targets].filter(([, t]) => t.policy).map(([s, t]) => [s, { policy: t.policy!, capAdd: t.capAdd }]),
      );
      explanations = await explainProject(files, request, policies, io, dir).catch((error: unknown) => {
        if (io.signal.aborted) throw error;
        notes.push(`no explanation run: ${String(error)}`);
        return new Map();
      });
    }
    const services = run.services.map((s) => {
      const explanation = explanations.get(s.service);
      // Refused capability checks alone do not fail a service that passed (programs probe capabilities they do not need).
      const lacks = (explanation?.denied.length ?? 0) > 0;
      return {
        ...s,
        explanation,
        verdict: verdictOf(s.checks) === 'pass' && !lacks && !s.readOnlyFailure ? ('pass' as const) : ('fail' as const),
      };
    });
    const verdict = services.every((s) => s.verdict === 'pass') && (run.exercise?.ok ?? true) ? 'pass' : 'fail';
    return { verdict, project: name, exercise: run.exercise, services, notes };
  });
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
    targets.set(service, { config: c, label: seccomp ?? 'no seccomp profile', capAdd, policy, canary, canaryPath });
  }
  return targets;
}

async function enforceRun(
  project: ComposeProject,
  targets: Map<string, Target>,
  request: ComposeVerifyRequest,
  engine: ContainerEngine,
  io: SessionIo,
) {
  io.onPhase?.('compose up');
  // A service that never gets healthy fails `up` (its dependents are not started): judge what did start.
  const upFailure = await project.up(io.signal).then(
    () => undefined,
    (error: unknown) => {
      if (io.signal.aborted || !(error instanceof ToolError)) throw error;
      return error.message;
    },
  );
  const states = await Promise.all(
    (await engine.listByLabel(`${COMPOSE_LABELS.project}=${project.name}`)).map((id) => engine.inspect(id)),
  );
  const byService = new Map<string, ContainerState[]>();
  for (const s of states) {
    const service = s.labels?.[COMPOSE_LABELS.service] ?? '';
    byService.set(service, [...(byService.get(service) ?? []), s]);
  }
  io.onPhase?.('waiting for ready');
  const facts = new Map<string, { ready: ReadyFact; canary: { ok: boolean; detail: string } }>();
  await Promise.all(
    states.map(async (state) => {
      const service = state.labels?.[COMPOSE_LABELS.service] ?? '';
      const target = targets.get(service)!;
      const ready = await waitForReady(engine, state.id, {
        timeoutMs: request.readyTimeoutS * 1000,
        signal: io.signal,
      });
      const fact: ReadyFact =
        ready.kind === 'exited'
          ? { kind: 'exited-before-ready', exitCode: ready.state.exitCode }
          : ready.kind === 'never-ready'
            ? { kind: 'never-ready', detail: ready.detail }
            : { kind: 'ready', detail: ready.detail };
      facts.set(state.id, { ready: fact, canary: await canaryIn(state.id, target, io) });
    }),
  );
  const live = states.filter((s) => facts.get(s.id)?.ready.kind === 'ready');
  const label = (id: string) => `service ${states.find((s) => s.id === id)?.labels?.[COMPOSE_LABELS.service]}`;
  const result = await driveWorkload(
    request,
    {
      env: composeExerciseEnv(project.name, byService),
      watchExit: (signal) =>
        watchContainers(
          engine,
          live.map((s) => s.id),
          signal,
          label,
        ),
    },
    io,
  );
  const exercise: Check | undefined =
    result.kind === 'waited'
      ? undefined
      : {
          name: 'exercise',
          ok: !exerciseProblem(result.end),
          detail:
            exerciseProblem(result.end) ??
            (result.end.kind === 'duration'
              ? 'the exercise ran until --duration ended it'
              : 'the exercise command exited 0'),
        };
  const running = new Set(
    (await Promise.all(states.map((s) => engine.inspect(s.id)))).filter((s) => s.running).map((s) => s.id),
  );
  io.onPhase?.('stopping');
  await project.stop(request.graceS);
  const services: Omit<ServiceVerdict, 'verdict' | 'explanation'>[] = [];
  for (const [service, target] of [...targets].sort(([a], [b]) => a.localeCompare(b))) {
    const checks: Check[] = [];
    const logTail: string[] = [];
    let readOnlyFailure: string | undefined;
    for (const state of byService.get(service) ?? []) {
      const final = await engine.inspect(state.id);
      const end: EndFact = running.has(state.id)
        ? { kind: 'stopped', exitCode: final.exitCode, graceS: request.graceS }
        : { kind: 'exited', exitCode: final.exitCode, oomKilled: final.oomKilled };
      const f = facts.get(state.id)!;
      const own = runChecks({ ready: f.ready, exercise: { kind: 'none' }, end, canary: f.canary });
      // With an exercise the project must be up: a service that exited before it was ready failed.
      if (request.exercise !== undefined && f.ready.kind === 'exited-before-ready')
        own[0] = {
          name: 'ready',
          ok: false,
          detail: `the service exited with code ${f.ready.exitCode} before it was ready, so the exercise could not use it`,
        };
      checks.push(...own);
      const log = (await engine.logs(state.id, LOG_TAIL)).split('\n').filter(Boolean);
      logTail.push(...log);
      readOnlyFailure ??= log.find((l) => EROFS.test(l));
    }
    if (!target.policy)
      checks.push({
        name: 'profile',
        ok: false,
        detail: `no seccomp profile (security_opt: seccomp=...) for service ${service}`,
      });
    if (!target.config.capDrop.includes('ALL'))
      checks.push({
        name: 'capabilities',
        ok: false,
        detail: `service ${service} does not drop ALL capabilities (cap_drop: [ALL])`,
      });
    services.push({ service, profile: target.label, capAdd: target.capAdd, checks, readOnlyFailure, logTail });
  }
  return { services, exercise, upFailure };
}

async function canaryIn(id: string, target: Target, io: SessionIo): Promise<{ ok: boolean; detail: string }> {
  if (!target.canary.ok) return { ok: false, detail: target.canary.reason };
  const result = await io.runner.run('docker', ['exec', id, CANARY_PATH], { timeoutMs: 30_000, signal: io.signal });
  if (result.exitCode === undefined || /OCI runtime exec failed|Error response from daemon/i.test(result.stderr))
    return judgeCanary(target.canary.plan, {
      ran: false,
      why: `docker exec failed: ${result.stderr.trim().split('\n')[0] ?? 'no output'}`,
    });
  return judgeCanary(target.canary.plan, {
    ran: true,
    exitCode: result.exitCode,
    where: 'in the service container (docker exec)',
  });
}
