import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/docker.js';
import { parseDockerRun } from '../../src/engine/run-args.js';
import { processRunner } from '../../src/exec/run.js';
import { createLogger } from '../../src/log.js';
import { loadProfile } from '../../src/profile/load.js';
import { recordContainer } from '../../src/record/container.js';
import { learnRuntimeSyscalls } from '../../src/record/runtime-syscalls.js';
import { readAuditStatus } from '../../src/trace/audit/control.js';
import { createAuditBackend } from '../../src/trace/audit/backend.js';
import { requireComponents } from '../helpers/environment.js';

const engine = new DockerEngine(processRunner);
const logger = createLogger('warn');
const signal = new AbortController().signal;
/** A file-manipulating busybox script: each step has one syscall the assertions look for. */
const SCRIPT =
  'mkdir /tmp/d && echo x > /tmp/d/f && mv /tmp/d/f /tmp/d/g && ln -s g /tmp/d/l && rm -r /tmp/d && sleep 0.1 && echo done';

let cacheDir: string;
beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'seccompose-runtime-cache-'));
});
afterAll(async () => rm(cacheDir, { recursive: true, force: true }));

async function record(dockerArgs: string[]) {
  const docker = await loadProfile('docker-default');
  const spec = parseDockerRun(['docker', 'run', ...dockerArgs]);
  return recordContainer(
    {
      spec,
      backend: createAuditBackend(),
      backendVersion: 'audit',
      baseline: { label: 'docker-default', profile: docker.profile },
      graceS: 5,
      exerciseTimeoutS: 600,
      readyTimeoutS: 30,
    },
    {
      engine,
      runner: processRunner,
      logger,
      signal,
      learnRuntime: (runtime, noNewPrivileges) =>
        learnRuntimeSyscalls({
          engine,
          runner: processRunner,
          logger,
          signal,
          runtime: runtime.name,
          runtimeVersion: runtime.version,
          noNewPrivileges,
          cacheDir,
        }),
    },
  );
}

describe('audit backend on the real engine', () => {
  it('records a busybox file-manipulating script, its children included, runtime kept apart', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const { observation } = await record(['--rm', 'seccompose/busybox:1', 'sh', '-c', SCRIPT]);
    expect(observation.complete, observation.incompleteReasons.join('; ')).toBe(true);
    expect(observation.exit).toEqual({ code: 0, signal: null });
    const names = Object.keys(observation.syscalls.SCMP_ARCH_X86_64 ?? {});
    // mkdir, mv (rename), ln -s (symlink), rm -r (unlink, rmdir) and sleep run as forked children.
    expect(names).toEqual(
      expect.arrayContaining([
        'mkdir',
        'rename',
        'symlink',
        'unlink',
        'rmdir',
        'execve',
        'clone',
        'wait4',
        'write',
        'clock_nanosleep',
      ]),
    );
    // runc's own setup after the filter is not workload evidence.
    expect(names).not.toContain('capset');
    expect(names).not.toContain('setgroups');
    expect(observation.runtime?.syscalls.SCMP_ARCH_X86_64).toEqual(
      expect.arrayContaining(['capset', 'execve', 'setgroups', 'rt_sigreturn']),
    );
    expect(observation.backend.notes.join('\n')).toMatch(/SECCOMP records from [4-9] processes of the container/);
  });

  it('records a container that exits before it can be inspected (init found through its shim)', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const { observation } = await record(['seccompose/busybox:1', 'true']);
    expect(observation.complete, observation.incompleteReasons.join('; ')).toBe(true);
    expect(Object.keys(observation.syscalls.SCMP_ARCH_X86_64 ?? {})).toEqual(
      expect.arrayContaining(['brk', 'exit_group']),
    );
  });

  it('counts what the baseline kills as blocked', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const docker = await loadProfile('docker-default');
    const baseline = {
      ...docker.profile,
      syscalls: [{ names: ['sync'], action: 'SCMP_ACT_KILL_PROCESS' as const }, ...docker.profile.syscalls],
    };
    const spec = parseDockerRun(['docker', 'run', 'seccompose/busybox:1', 'sh', '-c', 'busybox sync; echo after']);
    const { observation } = await recordContainer(
      {
        spec,
        backend: createAuditBackend(),
        backendVersion: 'audit',
        baseline: { label: 'kill-sync', profile: baseline },
        graceS: 5,
        exerciseTimeoutS: 600,
        readyTimeoutS: 30,
      },
      { engine, runner: processRunner, logger, signal },
    );
    expect(observation.blocked).toEqual({ SCMP_ARCH_X86_64: { sync: 1 } });
    expect(Object.keys(observation.syscalls.SCMP_ARCH_X86_64 ?? {})).not.toContain('sync');
  });

  it('keeps two concurrent recordings apart (process tree, not "every LOG record")', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const [a, b] = await Promise.all([
      record(['seccompose/busybox:1', 'sh', '-c', 'mkdir /tmp/only-a && rmdir /tmp/only-a']),
      record(['seccompose/busybox:1', 'sh', '-c', 'ln -s x /tmp/only-b && rm /tmp/only-b']),
    ]);
    const names = (o: typeof a) => Object.keys(o.observation.syscalls.SCMP_ARCH_X86_64 ?? {});
    expect(names(a)).toEqual(expect.arrayContaining(['mkdir', 'rmdir']));
    expect(names(a)).not.toContain('symlink');
    expect(names(b)).toEqual(expect.arrayContaining(['symlink', 'unlink']));
    expect(names(b)).not.toContain('mkdir');
    expect(a.observation.backend.notes.join('\n')).toMatch(
      /[1-9]\d* SECCOMP records of [1-9]\d* other processes in the window were left out/,
    );
  });

  it('removes its audit rules afterwards and loses no records', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const ours = async () =>
      (await processRunner.run('auditctl', ['-l'])).stdout.split('\n').filter((l) => /key=seccompose-/.test(l));
    const before = await readAuditStatus(processRunner);
    const rulesBefore = await ours();
    await record(['seccompose/busybox:1', 'true']);
    expect(await ours()).toEqual(rulesBefore);
    expect((await readAuditStatus(processRunner)).lost).toBe(before.lost);
  });
});
