import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/docker.js';
import { processRunner } from '../../src/exec/run.js';
import { isKnownSyscall } from '../../src/kernel/syscalls.js';
import { createLogger } from '../../src/log.js';
import { learnRuntimeSyscalls, runtimeCacheFile, type LearnRuntimeOptions } from '../../src/record/runtime-syscalls.js';
import { readReference } from '../helpers/reference.js';
import { requireComponents } from '../helpers/environment.js';

const engine = new DockerEngine(processRunner);
const logger = createLogger('warn');
let cacheDir: string;
beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'seccompose-runtime-cache-'));
});
afterAll(async () => rm(cacheDir, { recursive: true, force: true }));

async function options(runtime: string, noNewPrivileges: boolean): Promise<LearnRuntimeOptions> {
  const version = await engine.runtimeVersion(await engine.info(), runtime);
  return {
    engine,
    runner: processRunner,
    logger,
    signal: new AbortController().signal,
    runtime,
    runtimeVersion: version,
    noNewPrivileges,
    cacheDir,
  };
}

/** The runc set security-profiles-operator ships (runc v1.4.2, x86_64). */
function spoRuncSet(): string[] {
  const doc = parseYaml(readReference('spo-example-baseprofile-runc.yaml')) as {
    spec: { syscalls: { names: string[] }[] };
  };
  return doc.spec.syscalls.flatMap((rule) => rule.names).sort();
}

describe('learnRuntimeSyscalls on the real engine', () => {
  it("learns runc's post-filter set from no-op containers, caches it, and it fits inside SPO's runc list", async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const opts = await options('runc', false);
    const learned = await learnRuntimeSyscalls(opts);
    const names = learned.syscalls.SCMP_ARCH_X86_64 ?? [];
    expect(learned.source).toMatch(/^learned: runc /);
    expect(names).toEqual(
      expect.arrayContaining(['capget', 'capset', 'execve', 'prctl', 'setgroups', 'setuid', 'setgid', 'rt_sigreturn']),
    );
    for (const name of names) expect(isKnownSyscall(name)).toBe(true);
    // Not the entrypoint's calls: busybox `true` maps memory and exits, runc's init does not.
    expect(names).not.toContain('exit_group');
    const spo = spoRuncSet();
    const onlyOurs = names.filter((n) => !spo.includes(n));
    const onlySpo = spo.filter((n) => !names.includes(n));
    process.stderr.write(
      `runc ${opts.runtimeVersion}: ${names.length} syscalls learned; SPO runc v1.4.2 lists ${spo.length}; only here: [${onlyOurs.join(' ')}]; only in SPO: [${onlySpo.join(' ')}]\n`,
    );
    expect(onlyOurs).toEqual([]);

    const file = runtimeCacheFile(cacheDir, 'runc', opts.runtimeVersion, false);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      runtime: 'runc',
      noNewPrivileges: false,
      syscalls: learned.syscalls,
    });
    const started = Date.now();
    expect(await learnRuntimeSyscalls(opts)).toEqual(learned);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('learns a different, smaller set with no-new-privileges (runc installs the filter later)', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const plain = await learnRuntimeSyscalls(await options('runc', false));
    const nnp = await learnRuntimeSyscalls(await options('runc', true));
    const nnpNames = nnp.syscalls.SCMP_ARCH_X86_64 ?? [];
    expect(nnpNames).toContain('execve');
    expect(nnpNames).not.toContain('capset');
    expect(nnpNames.length).toBeLessThan((plain.syscalls.SCMP_ARCH_X86_64 ?? []).length);
  });

  it("learns crun's set when crun is registered with Docker", async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const info = await engine.info();
    if (!info.runtimes.crun) {
      if (process.env.CI === 'true')
        throw new Error('crun is not registered with Docker (bash scripts/setup registers it)');
      ctx.skip('crun is not registered with Docker');
    }
    const crun = await learnRuntimeSyscalls(await options('crun', false));
    const runc = await learnRuntimeSyscalls(await options('runc', false));
    expect(crun.source).toMatch(/^learned: crun /);
    expect(crun.syscalls.SCMP_ARCH_X86_64).toEqual(expect.arrayContaining(['execve', 'capset']));
    expect(crun.syscalls).not.toEqual(runc.syscalls);
  });
});
