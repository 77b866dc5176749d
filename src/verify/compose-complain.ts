import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { escapeCompose } from '../emit/compose.js';
import { serializeProfile } from '../emit/profile-json.js';
import { ComposeProject, type ComposeCli } from '../engine/compose.js';
import type { ContainerEngine } from '../engine/docker.js';
import { RECORDING_LABEL } from '../engine/run-args.js';
import { normalizeCapability } from '../kernel/capabilities.js';
import type { SessionIo } from '../record/session.js';
import { OWNER_LABEL, ownTag } from '../state/owner.js';
import type { StartedContainer, TraceContext } from '../trace/backend.js';
import { AuditRecording } from '../trace/audit/recording.js';
import { trackLive } from '../workload/live.js';
import { projectName } from '../workload/names.js';
import { CapabilityWatch, type CapabilityEvidence } from './capability-watch.js';
import { requireAuditd } from './complain-run.js';
import { toComplainProfile } from './complain-profile.js';
import { replayProject, type ReplayOptions, type Target } from './compose-replay.js';
import { DenialCollector } from './denials.js';
import type { Check, Denied } from './report.js';
import { verdictOf } from './verdict.js';

/** What the complain run found for one service that ran under its complain profile. */
export interface ServiceComplaint {
  /** Every call its own profile would deny (argument filters included), from the kernel's SECCOMP records. */
  denied: Denied[];
  /** Capabilities the kernel refused it that its cap_add lacks (eBPF), sorted. */
  missingCapabilities: string[];
  capabilitiesObserved: boolean;
  /** A read-only-filesystem failure in its log under the complain profile. */
  readOnlyFailure: string | undefined;
  /** Its own checks that failed under the complain profile too (then the failure is not seccomp's alone). */
  failedToo: Check[];
  notes: string[];
}

/** The complain run's outcome: per complaining service, the exercise's result in that run, and notes. */
export interface ComplainRun {
  services: Map<string, ServiceComplaint>;
  exercise: Check | undefined;
  notes: string[];
}

/** The complain run of a project: which services, and what it needs to run them. */
export interface ComplainPlan {
  cli: ComposeCli;
  /** The user's compose files (absolute), the override last. */
  files: readonly string[];
  targets: ReadonlyMap<string, Target>;
  /** The services to run under their complain profiles (each has a profile); the others keep theirs. */
  complain: readonly string[];
  replay: ReplayOptions['plan'];
  dir: string;
}

/**
 * The complain run of a compose project: the project up again with each service of `complain`
 * under its complain profile (every denial → SCMP_ACT_LOG, so it runs on past each call its
 * profile would deny) and the other services under their own profiles, the same exercise, with
 * auditd reading the kernel's SECCOMP records and one eBPF capability watch per complaining
 * container. The records are attributed to each container's process tree (docker exec and
 * healthcheck processes included: they are the shim's children) and merged per service.
 */
export async function complainRunProject(
  plan: ComplainPlan,
  engine: ContainerEngine,
  io: SessionIo,
): Promise<ComplainRun> {
  const context: TraceContext = { runner: io.runner, logger: io.logger, signal: io.signal, tempDir: plan.dir };
  const logPath = await requireAuditd(context);
  const dir = join(plan.dir, 'complain');
  await mkdir(dir, { mode: 0o700 });
  const files = await filesFor(plan, dir);
  const watches = new Map<string, CapabilityWatch[]>();
  const started = new Map<string, StartedContainer>();
  const collector = new DenialCollector();
  let recording: AuditRecording | undefined;
  try {
    for (const service of plan.complain) {
      const list: CapabilityWatch[] = [];
      for (let i = 1; i <= plan.targets.get(service)!.config.replicas; i++) {
        const tempDir = join(dir, `${service}.${i}`);
        await mkdir(tempDir, { mode: 0o700 });
        list.push(await CapabilityWatch.start({ ...context, tempDir }));
      }
      watches.set(service, list);
    }
    recording = await AuditRecording.start(io.runner, io.logger, { kind: 'auditd', logPath }, { signal: io.signal });
    recording.window.observeSeccomp((record) => collector.add(record));
    const project = new ComposeProject(io.runner, plan.cli, files, projectName('verify'), dirname(plan.files[0]!));
    const untrack = trackLive({ kind: 'project', argv: [project.program, ...project.downArgs(2)] });
    const caps = new Map<string, CapabilityEvidence[]>();
    let run: Awaited<ReturnType<typeof replayProject>>;
    try {
      run = await replayProject(
        project,
        plan.targets,
        {
          plan: plan.replay,
          canary: false,
          onContainers: async (byService) => {
            for (const [service, list] of watches)
              for (const [i, state] of (byService.get(service) ?? []).entries()) {
                const container = { id: state.id, name: state.name, pid: state.pid };
                started.set(state.id, container);
                await list[i]?.started(context, container);
              }
          },
        },
        engine,
        io,
      );
      for (const [service, list] of watches) {
        const containers = run.services.find((s) => s.service === service)?.containers ?? [];
        caps.set(
          service,
          await Promise.all(
            list.map((watch, i) => watch.collect(context, containers[i] && started.get(containers[i].id))),
          ),
        );
      }
    } finally {
      await project.down(plan.replay.graceS);
      untrack();
    }
    const finished = await recording.finish(io.signal);
    const services = new Map<string, ServiceComplaint>();
    for (const service of plan.complain) {
      const target = plan.targets.get(service)!;
      const ran = run.services.find((s) => s.service === service)!;
      const pids = new Set<number>();
      for (const state of ran.containers) {
        const initPid = started.get(state.id)?.pid ?? 0;
        const { rootPids } = finished.window.attribute({ kind: 'container', id: state.id, initPid });
        for (const pid of finished.window.tree.descendants([...rootPids, ...finished.window.tree.shimPids(state.id)]))
          pids.add(pid);
      }
      const { denied, unknown } = collector.denied(pids, target.policy!);
      const notes = [...finished.losses];
      if (unknown.length > 0)
        notes.push(`records with syscall numbers this build does not know: ${unknown.join(', ')}`);
      if (ran.containers.length === 0)
        notes.push(`compose started no container of service ${service} in the complain run`);
      const failedToo = verdictOf(ran.checks) === 'fail' ? ran.checks.filter((c) => !c.ok) : [];
      services.set(service, {
        denied,
        ...capabilitiesOf(caps.get(service) ?? [], target.capAdd, failedToo.length > 0, notes),
        readOnlyFailure: ran.readOnlyFailure,
        failedToo,
        notes,
      });
    }
    return { services, exercise: run.exercise, notes: run.upFailure ? [`complain run: ${run.upFailure}`] : [] };
  } finally {
    await recording?.stop();
    for (const list of watches.values()) for (const watch of list) await watch.dispose(context);
  }
}

/** Copies of the user's files without the complaining services' seccomp=, and an override that sets their complain profiles. */
async function filesFor(plan: ComplainPlan, dir: string): Promise<string[]> {
  const services: Record<string, unknown> = {};
  for (const [service, target] of plan.targets) {
    const complain = plan.complain.includes(service) && target.profile;
    let seccomp: string[] = [];
    if (complain) {
      const file = join(dir, `${service}.complain.json`);
      await writeFile(file, serializeProfile(toComplainProfile(target.profile!)), { mode: 0o600 });
      seccomp = [`seccomp=${escapeCompose(file)}`];
    }
    services[service] = {
      ...(seccomp.length > 0 ? { security_opt: seccomp } : {}),
      labels: { [RECORDING_LABEL]: '1', [OWNER_LABEL]: ownTag() },
    };
  }
  const override = join(dir, 'seccompose-complain.override.yaml');
  await writeFile(override, stringify({ services }, { lineWidth: 0 }), { mode: 0o600 });
  return [...(await withoutSeccomp(plan.files, plan.complain, dir)), override];
}

/**
 * Copies of compose files with every `seccomp=` of `services` removed (compose merges
 * security_opt lists across files, so an override alone cannot replace a profile).
 */
export async function withoutSeccomp(
  files: readonly string[],
  services: readonly string[],
  dir: string,
): Promise<string[]> {
  return Promise.all(
    files.map(async (file, i) => {
      const doc = (parse(await readFile(file, 'utf8'), { merge: true }) ?? {}) as {
        services?: Record<string, Record<string, unknown> | null>;
      };
      for (const [name, service] of Object.entries(doc.services ?? {})) {
        if (services.includes(name) && service && Array.isArray(service.security_opt))
          service.security_opt = service.security_opt.filter((o) => !/^seccomp[=:]/.test(String(o)));
      }
      const copy = join(dir, `${i}-${basename(file)}`);
      await writeFile(copy, stringify(doc, { lineWidth: 0 }), { mode: 0o600 });
      return copy;
    }),
  );
}

/**
 * The capabilities the kernel refused to any of the service's containers and its cap_add lacks.
 * CAP_SYS_ADMIN is refused on every exec by the kernel's memory-overcommit heuristic: it counts
 * only for a service that failed under its complain profile too.
 */
function capabilitiesOf(
  evidence: readonly CapabilityEvidence[],
  capAdd: readonly string[],
  failed: boolean,
  notes: string[],
): { missingCapabilities: string[]; capabilitiesObserved: boolean } {
  const refused = new Set<string>();
  let observed = evidence.length > 0;
  for (const e of evidence) {
    if (e.observed) for (const cap of e.failed) refused.add(cap);
    else {
      observed = false;
      notes.push(`capability failures are not observed in the complain run: ${e.why}`);
    }
  }
  const granted = new Set(capAdd.map((c) => normalizeCapability(c) ?? c));
  const missing = [...refused].filter((c) => !granted.has(c) && (failed || c !== 'CAP_SYS_ADMIN')).sort();
  if (missing.includes('CAP_SYS_ADMIN'))
    notes.push(
      "CAP_SYS_ADMIN is checked on every exec by the kernel's memory-overcommit heuristic and refused harmlessly; add it only if a denied operation needs it",
    );
  return { missingCapabilities: missing, capabilitiesObserved: observed };
}
