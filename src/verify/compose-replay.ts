import { COMPOSE_LABELS, projectContainers, type ComposeProject } from '../engine/compose.js';
import type { ContainerEngine, ContainerState } from '../engine/docker.js';
import { ToolError } from '../errors.js';
import type { SeccompProfile } from '../model/profile.js';
import type { ResolvedPolicy } from '../profile/resolve.js';
import type { SessionIo } from '../record/session.js';
import type { ComposeService } from '../workload/compose-config.js';
import { composeExerciseEnv } from '../workload/compose-env.js';
import { watchContainers } from '../workload/container.js';
import { driveWorkload, exerciseProblem, type DrivePlan } from '../workload/drive.js';
import { waitForReady } from '../workload/readiness.js';
import { judgeCanary, type chooseCanary } from './canary.js';
import { CANARY_PATH } from './enforce-args.js';
import type { Check } from './report.js';
import { runChecks, type EndFact, type ReadyFact } from './verdict.js';

/** One service as verify replays it: its settings, profile, capabilities and canary. */
export interface Target {
  config: ComposeService;
  /** The profile as the user wrote it (`seccomp=` value), or why there is none. */
  label: string;
  capAdd: string[];
  profile: SeccompProfile | null;
  policy: ResolvedPolicy | null;
  canary: ReturnType<typeof chooseCanary>;
  canaryPath: string | undefined;
}

/** What one replay of the project established per service. */
export interface ServiceRun {
  service: string;
  checks: Check[];
  /** A read-only-filesystem failure seen in its log. */
  readOnlyFailure: string | undefined;
  logTail: string[];
  containers: ContainerState[];
}

/** The replay's outcome: per service, the exercise, and why `up` failed (if it did). */
export interface ProjectRun {
  services: ServiceRun[];
  exercise: Check | undefined;
  upFailure: string | undefined;
}

export interface ReplayOptions {
  plan: DrivePlan & { readyTimeoutS: number; graceS: number };
  /** Run the canary inside each service (the enforce run does; the complain run does not). */
  canary: boolean;
  /** Called once the project's containers exist, before anything waits on them. */
  onContainers?: (byService: ReadonlyMap<string, ContainerState[]>) => Promise<void>;
}

const LOG_TAIL = 8;
const EROFS = /read-only file system|EROFS/i;

/**
 * One replay of a compose project: `up` (a service that never gets healthy fails `up`, its
 * dependents are not started: what did start is judged), each container's readiness (and the
 * canary inside it), the exercise against the live project, stop with the grace period, then per
 * service its checks and its last log lines. The caller `down`s the project.
 */
export async function replayProject(
  project: ComposeProject,
  targets: ReadonlyMap<string, Target>,
  options: ReplayOptions,
  engine: ContainerEngine,
  io: SessionIo,
): Promise<ProjectRun> {
  const { plan } = options;
  io.onPhase?.('compose up');
  const upFailure = await project.up(io.signal).then(
    () => undefined,
    (error: unknown) => {
      if (io.signal.aborted || !(error instanceof ToolError)) throw error;
      return error.message;
    },
  );
  const byService = await projectContainers(engine, project.name);
  const states = [...byService.values()].flat();
  await options.onContainers?.(byService);
  io.onPhase?.('waiting for ready');
  const facts = new Map<string, { ready: ReadyFact; canary: { ok: boolean; detail: string } | undefined }>();
  await Promise.all(
    states.map(async (state) => {
      const target = targets.get(serviceOf(state))!;
      const ready = await waitForReady(engine, state.id, { timeoutMs: plan.readyTimeoutS * 1000, signal: io.signal });
      const fact: ReadyFact =
        ready.kind === 'exited'
          ? { kind: 'exited-before-ready', exitCode: ready.state.exitCode }
          : ready.kind === 'never-ready'
            ? { kind: 'never-ready', detail: ready.detail }
            : { kind: 'ready', detail: ready.detail };
      facts.set(state.id, { ready: fact, canary: options.canary ? await canaryIn(state.id, target, io) : undefined });
    }),
  );
  const live = states.filter((s) => facts.get(s.id)?.ready.kind === 'ready');
  const result = await driveWorkload(
    plan,
    {
      env: composeExerciseEnv(project.name, byService),
      watchExit: (signal) =>
        watchContainers(
          engine,
          live.map((s) => s.id),
          signal,
          (id) => `service ${serviceOf(states.find((s) => s.id === id)!)}`,
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
  await project.stop(plan.graceS);
  const services: ServiceRun[] = [];
  for (const [service, target] of [...targets].sort(([a], [b]) => a.localeCompare(b))) {
    const run: ServiceRun = { service, checks: [], readOnlyFailure: undefined, logTail: [], containers: [] };
    for (const state of byService.get(service) ?? []) {
      const final = await engine.inspect(state.id);
      run.containers.push(final);
      const end: EndFact = running.has(state.id)
        ? { kind: 'stopped', exitCode: final.exitCode, graceS: plan.graceS }
        : { kind: 'exited', exitCode: final.exitCode, oomKilled: final.oomKilled };
      const f = facts.get(state.id)!;
      const own = runChecks({ ready: f.ready, exercise: { kind: 'none' }, end, canary: f.canary });
      // With an exercise the project must be up: a service that exited before it was ready failed.
      if (plan.exercise !== undefined && f.ready.kind === 'exited-before-ready')
        own[0] = {
          name: 'ready',
          ok: false,
          detail: `the service exited with code ${f.ready.exitCode} before it was ready, so the exercise could not use it`,
        };
      // Several replicas: each check says which container it is about.
      const replicas = (byService.get(service) ?? []).length > 1;
      run.checks.push(...own.map((c) => (replicas ? { ...c, detail: `${final.name}: ${c.detail}` } : c)));
      const log = (await engine.logs(state.id, LOG_TAIL)).split('\n').filter(Boolean);
      run.logTail.push(...(replicas && log.length > 0 ? [`[${final.name}]`] : []), ...log);
      run.readOnlyFailure ??= log.find((l) => EROFS.test(l));
    }
    if (!target.policy)
      run.checks.push({
        name: 'profile',
        ok: false,
        detail: `no seccomp profile (security_opt: seccomp=...) for service ${service}`,
      });
    if (!target.config.capDrop.includes('ALL'))
      run.checks.push({
        name: 'capabilities',
        ok: false,
        detail: `service ${service} does not drop ALL capabilities (cap_drop: [ALL])`,
      });
    services.push(run);
  }
  return { services, exercise, upFailure };
}

function serviceOf(state: ContainerState): string {
  return state.labels?.[COMPOSE_LABELS.service] ?? '';
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
