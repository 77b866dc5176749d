import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import type { ContainerEngine } from '../engine/docker.js';
import { writeOutput } from '../emit/write.js';
import { EnvironmentError } from '../errors.js';
import type { Runner } from '../exec/run.js';
import { withTempDir } from '../io/temp-dir.js';
import type { Logger } from '../log.js';
import { ARCHES, type SeccompArch } from '../model/profile.js';
import { createAuditBackend } from '../trace/audit/backend.js';

/** The image and command of the no-op container the runtime's set is learned from. */
export const RUNTIME_PROBE_IMAGE = 'seccompose/busybox:1';
const PROBE_COMMAND = ['true'];
/** Runs unioned per learning: the Go runtime in runc preempts and sleeps nondeterministically. */
export const RUNTIME_PROBE_RUNS = 3;
const CACHE_KIND = 'seccompose/runtime-syscalls';
/**
 * The kernel's signal-return call. A runtime's init can get a signal at any point after the
 * filter (Go's asynchronous preemption sends SIGURG to runc), and returning from its handler
 * needs rt_sigreturn: measured here in about 1 of 12 no-op runc 1.1 runs, so no number of
 * runs makes it reliable evidence. Added to every learned set, and said so in `source`.
 */
export const SIGNAL_RETURN = 'rt_sigreturn';

/** What the container runtime itself calls after installing the filter, per ABI. */
export interface RuntimeSyscalls {
  source: string;
  syscalls: Partial<Record<SeccompArch, string[]>>;
}

export interface LearnRuntimeOptions {
  engine: ContainerEngine;
  runner: Runner;
  logger: Logger;
  signal: AbortSignal;
  /** Docker runtime name (`runc`, `crun`, ...), passed as `docker run --runtime`. */
  runtime: string;
  runtimeVersion: string;
  noNewPrivileges: boolean;
  image?: string;
  /** Cache root; default `$XDG_CACHE_HOME/seccompose/runtime` (or ~/.cache/...). */
  cacheDir?: string;
  /** Ignore a cached set and learn again. */
  refresh?: boolean;
}

const cacheSchema = z.object({
  kind: z.literal(CACHE_KIND),
  runtime: z.string(),
  runtimeVersion: z.string(),
  noNewPrivileges: z.boolean(),
  source: z.string(),
  syscalls: z.partialRecord(z.enum(ARCHES), z.array(z.string())),
});

/** Where learned sets are cached. */
export function runtimeCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'seccompose', 'runtime');
}

/** Cache file name: runtime name, version and no-new-privileges (they all change the set). */
export function runtimeCacheFile(dir: string, runtime: string, version: string, noNewPrivileges: boolean): string {
  const slug = (text: string) => text.replace(/[^A-Za-z0-9._+-]/g, '_');
  return join(dir, `${slug(runtime)}-${slug(version)}-nnp-${noNewPrivileges}.json`);
}

/**
 * The runtime's own post-filter syscalls, learned from evidence: a no-op container is recorded
 * with the audit backend under a log-everything profile, and the calls its init makes before
 * exec'ing the entrypoint (`runc:[2:INIT]`, `crun`, and the exec itself) are kept. Cached per
 * runtime, version and no-new-privileges.
 */
export async function learnRuntimeSyscalls(options: LearnRuntimeOptions): Promise<RuntimeSyscalls> {
  const file = runtimeCacheFile(
    options.cacheDir ?? runtimeCacheDir(),
    options.runtime,
    options.runtimeVersion,
    options.noNewPrivileges,
  );
  if (!options.refresh) {
    const cached = await readCache(file);
    if (cached) return { source: cached.source, syscalls: cached.syscalls };
  }
  const union = new Map<SeccompArch, Set<string>>();
  for (let run = 0; run < RUNTIME_PROBE_RUNS; run++) {
    for (const [arch, names] of Object.entries(await probeOnce(options))) {
      const set = union.get(arch as SeccompArch) ?? new Set<string>();
      for (const name of names ?? []) set.add(name);
      union.set(arch as SeccompArch, set);
    }
  }
  for (const set of union.values()) set.add(SIGNAL_RETURN);
  const syscalls = Object.fromEntries([...union.keys()].sort().map((arch) => [arch, [...union.get(arch)!].sort()]));
  const nnp = options.noNewPrivileges ? ', no-new-privileges' : '';
  const source = `learned: ${options.runtime} ${options.runtimeVersion}${nnp} (audit, ${RUNTIME_PROBE_RUNS} no-op containers; + ${SIGNAL_RETURN} for signal delivery)`;
  await mkdir(join(file, '..'), { recursive: true });
  const entry = {
    kind: CACHE_KIND,
    runtime: options.runtime,
    runtimeVersion: options.runtimeVersion,
    noNewPrivileges: options.noNewPrivileges,
    source,
    syscalls,
  };
  await writeOutput(file, `${JSON.stringify(entry, null, 2)}\n`, { force: true });
  options.logger.info(
    { runtime: options.runtime, version: options.runtimeVersion, file },
    'learned the runtime syscalls',
  );
  return { source, syscalls };
}

async function readCache(file: string): Promise<z.infer<typeof cacheSchema> | undefined> {
  try {
    const parsed = cacheSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Record one no-op container and return what its runtime did after the filter. */
async function probeOnce(options: LearnRuntimeOptions): Promise<Partial<Record<SeccompArch, string[]>>> {
  return withTempDir('runtime', async (tempDir) => {
    const backend = createAuditBackend();
    const context = { runner: options.runner, logger: options.logger, signal: options.signal, tempDir };
    const probe = await backend.probe(context);
    if (!probe.ok) {
      throw new EnvironmentError(`cannot learn the ${options.runtime} runtime's syscalls: ${probe.reason}`, {
        hint: probe.hint,
      });
    }
    let id = '';
    try {
      const { dockerArgs } = await backend.prepare(context, null);
      const args = [
        'run',
        '--detach',
        '--label',
        'io.seccompose.runtime-probe=1',
        '--runtime',
        options.runtime,
        ...dockerArgs,
      ];
      if (options.noNewPrivileges) args.push('--security-opt', 'no-new-privileges');
      id = await options.engine.runDetached(
        [...args, options.image ?? RUNTIME_PROBE_IMAGE, ...PROBE_COMMAND],
        options.signal,
      );
      await options.engine.wait(id, options.signal);
      const evidence = await backend.collect(context, { id, name: id, pid: 0 });
      const names = backend.observedRuntimeSyscalls();
      if (evidence.incompleteReasons.length > 0 || Object.keys(names).length === 0) {
        throw new EnvironmentError(
          `cannot learn the ${options.runtime} runtime's syscalls: ${evidence.incompleteReasons.join('; ') || 'no records of its init'}`,
          {
            hint: 'check that auditd is running and not rate-limited (`auditctl -s`), then retry',
          },
        );
      }
      return names;
    } finally {
      await backend.dispose(context);
      if (id) await options.engine.remove(id);
    }
  });
}
