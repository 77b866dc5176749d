import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { serializeProfile } from '../../emit/profile-json.js';
import { EnvironmentError, InternalError, messageOf, SETUP_COMMAND } from '../../errors.js';
import { nativeArch } from '../../kernel/arch.js';
import { SyscallTally } from '../../observation/tally.js';
import type { BackendEvidence, ContainerBackend, ProbeResult } from '../backend.js';
import { ContainerScope } from './container-scope.js';
import { STRACE_CONTAINER_FLAGS } from './flags.js';
import { probeStrace } from './probe.js';
import { StraceSession } from './session.js';

const ATTACH_TIMEOUT_MS = 15_000;
const DETACH_TIMEOUT_MS = 30_000;

/**
 * Records a container with strace alone: `strace -f -p <containerd>` is attached before
 * `docker run`, so it follows containerd → shim → runc → runc init → the entrypoint from the
 * first instruction; ContainerScope keeps only the container init's process tree from its
 * entrypoint exec on (runc's setup before the filter is left out). Sees argument values (clone
 * flags, socket families, bind ports) the other backends do not; costs what strace costs on
 * the workload (every syscall stops it twice), plus tracing containerd while it is attached.
 */
export function createStraceContainerBackend(): ContainerBackend {
  const scope = new ContainerScope();
  let session: StraceSession | undefined;
  let containerd: number[] = [];
  return {
    name: 'strace',
    async probe(context): Promise<ProbeResult> {
      try {
        const version = await probeStrace(context.runner);
        containerd = await findContainerd();
        if (containerd.length === 0) {
          return {
            ok: false,
            reason: 'no containerd process found to attach to',
            hint: `start Docker (\`${SETUP_COMMAND}\`); the strace backend follows the containerd that starts containers`,
          };
        }
        return { ok: true, version };
      } catch (error) {
        return { ok: false, reason: messageOf(error), hint: `install strace (\`${SETUP_COMMAND}\` as root)` };
      }
    },

    async prepare(context, baseline) {
      if (containerd.length === 0) containerd = await findContainerd();
      if (containerd.length === 0)
        throw new EnvironmentError('strace backend: no containerd process to attach to', {
          hint: 'start Docker first',
        });
      const seccomp = baseline ? join(context.tempDir, 'strace-baseline-profile.json') : 'unconfined';
      if (baseline) await writeFile(seccomp, serializeProfile(baseline), { mode: 0o600 });
      const attached = new Set<number>();
      let onAttach: () => void = () => undefined;
      const ready = new Promise<void>((resolve) => (onAttach = resolve));
      session = await StraceSession.start({
        runner: context.runner,
        tempDir: context.tempDir,
        native: nativeArch(),
        args: [...STRACE_CONTAINER_FLAGS, ...containerd.flatMap((pid) => ['-p', String(pid)])],
        output: null,
        router: scope,
        // The parser's own figures count containerd and runc too: show the workloads' instead.
        onProgress: context.onProgress
          ? () => {
              const { calls, distinct } = scope.progress();
              context.onProgress?.(calls, distinct);
            }
          : undefined,
        onStderrLine: (line) => {
          const pid = /^strace: Process (\d+) attached/.exec(line)?.[1];
          if (pid !== undefined) attached.add(Number(pid));
          if (containerd.every((p) => attached.has(p))) onAttach();
        },
      });
      const outcome = await within(
        ATTACH_TIMEOUT_MS,
        Promise.race([ready.then(() => 'attached'), session.done.then(() => 'ended')]),
        'timeout',
      );
      if (outcome !== 'attached') {
        session.killTracer('SIGKILL');
        throw new EnvironmentError(
          `strace could not attach to containerd (pid ${containerd.join(', ')}): ${session.stderr || outcome}`,
          {
            hint: 'strace needs ptrace over containerd: run as root (and kernel.yama.ptrace_scope ≤ 1)',
          },
        );
      }
      context.logger.debug({ containerd }, 'strace attached to containerd');
      return { dockerArgs: ['--security-opt', `seccomp=${seccomp}`] };
    },

    async started(context, container) {
      context.logger.debug({ pid: container.pid }, 'container init (strace keeps its tree from its exec on)');
    },

    async collect(context, container): Promise<BackendEvidence> {
      if (!session) throw new InternalError('strace backend: collect() before prepare()');
      context.logger.debug('detaching strace');
      await detach(session);
      context.logger.debug({ roots: [...scope.roots.keys()] }, 'strace detached');
      const root = scope.tallyOfContainer(container.pid, container.id);
      const evidence = (root ?? new SyscallTally()).toEvidence();
      const own = session.tally.toEvidence().diagnostics;
      return {
        ...evidence,
        diagnostics: {
          ...evidence.diagnostics,
          unparsedLines: own.unparsedLines,
          unparsedSamples: own.unparsedSamples,
        },
        capabilities: {},
        notes: [
          `strace ${STRACE_CONTAINER_FLAGS.join(' ')} -p ${containerd.join(' -p ')} (containerd): kept the container init's process tree from its entrypoint exec on`,
          ...[...session.parser.notes].sort(),
        ],
        incompleteReasons: root
          ? []
          : [
              `strace did not see the init of container ${container.id.slice(0, 12)} exec its entrypoint after runc init; nothing of the workload was recorded`,
            ],
      };
    },

    async dispose() {
      if (session) await detach(session);
      session = undefined;
    },
  };
}

/** Detach strace (SIGTERM: it lets go of every tracee; SIGINT may be ignored when inherited so), SIGKILL if it does not end in time. */
async function detach(session: StraceSession): Promise<void> {
  session.killTracer('SIGTERM');
  const ended = await within(
    DETACH_TIMEOUT_MS,
    session.done.then(() => true),
    false,
  );
  if (!ended) {
    session.killTracer('SIGKILL');
    await session.done;
  }
}

/** `promise`'s value, or `fallback` after `ms` (the timer is cancelled either way, so it never holds the process). */
async function within<T>(ms: number, promise: Promise<T>, fallback: T): Promise<T> {
  const timer = new AbortController();
  try {
    return await Promise.race([promise, delay(ms, fallback, { signal: timer.signal })]);
  } finally {
    timer.abort();
  }
}

/** The pids of every running `containerd` (the daemon Docker hands containers to). */
async function findContainerd(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '');
    if (comm.trim() === 'containerd') pids.push(Number(entry));
  }
  return pids.sort((a, b) => a - b);
}
