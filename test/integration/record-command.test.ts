import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseObservation } from '../../src/model/read-observation.js';
import type { Observation } from '../../src/model/observation.js';
import { runCli, repoRoot } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';

const dir = mkdtempSync(join(tmpdir(), 'seccompose-it-strace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function record(name: string, args: string[]): { observation: Observation; code: number | null; stderr: string } {
  const out = join(dir, `${name}.json`);
  const result = runCli(['record', '--quiet', '--force', '-o', out, ...args]);
  if (result.code !== 0) throw new Error(`record ${name} exited ${result.code}: ${result.stderr}`);
  return { observation: parseObservation(readFileSync(out, 'utf8'), out), code: result.code, stderr: result.stderr };
}

const names = (o: Observation, arch = 'SCMP_ARCH_X86_64') =>
  Object.keys(o.syscalls[arch as keyof Observation['syscalls']] ?? {});

/** Resolves once seccompose (pid) runs strace and strace has started the command: Ctrl-C before that is not a recording yet. */
async function straceStarted(pid: number): Promise<void> {
  const children = (p: number | string): string[] => {
    try {
      return readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').split(' ').filter(Boolean);
    } catch {
      return [];
    }
  };
  const comm = (p: string): string => {
    try {
      return readFileSync(`/proc/${p}/comm`, 'utf8').trim();
    } catch {
      return '';
    }
  };
  for (let waited = 0; waited < 30_000; waited += 100) {
    const strace = children(pid).find((p) => comm(p) === 'strace');
    if (strace && children(strace).some((p) => comm(p) === 'sleep')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`seccompose (pid ${pid}) did not start strace and the command within 30 s`);
}

describe('record -- COMMAND (strace backend)', () => {
  it('starts Node without NODE_EXTRA_CA_CERTS (bin/seccompose) and gives the workload the value it was given', (ctx) => {
    requireComponents(ctx, 'strace');
    const seen = join(dir, 'extra-ca-seen');
    // A missing file: had Node read it, it would warn "Ignoring extra certs from ..." on stderr.
    const value = join(dir, 'no such dir', 'extra ca.pem');
    const out = join(dir, 'extra-ca.json');
    const script = 'printf %s "$NODE_EXTRA_CA_CERTS" > "$1"; env > "$1.env"';
    const r = runCli(['record', '--quiet', '--force', '-o', out, '--', 'sh', '-c', script, 'sh', seen], {
      env: { NODE_EXTRA_CA_CERTS: value },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/extra certs/i);
    expect(readFileSync(seen, 'utf8')).toBe(value);
    expect(readFileSync(`${seen}.env`, 'utf8')).not.toContain('SECCOMPOSE_NODE_EXTRA_CA_CERTS');
  });

  it('gives the workload no NODE_EXTRA_CA_CERTS when only SECCOMPOSE_NODE_EXTRA_CA_CERTS was set (the launcher’s name)', (ctx) => {
    requireComponents(ctx, 'strace');
    const seen = join(dir, 'carrier-seen');
    const out = join(dir, 'carrier.json');
    const script = 'env > "$1"';
    const env: NodeJS.ProcessEnv = { ...process.env, SECCOMPOSE_NODE_EXTRA_CA_CERTS: '/set/by/the/user.pem' };
    delete env.NODE_EXTRA_CA_CERTS;
    const r = spawnSync(
      join(repoRoot, 'bin/seccompose'),
      ['record', '--quiet', '--force', '-o', out, '--', 'sh', '-c', script, 'sh', seen],
      { env, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const seenEnv = readFileSync(seen, 'utf8');
    expect(seenEnv).toMatch(/^PATH=/m);
    expect(seenEnv).not.toMatch(/^NODE_EXTRA_CA_CERTS=/m);
    expect(seenEnv).not.toContain('SECCOMPOSE_NODE_EXTRA_CA_CERTS');
  });

  it('records a shell script that creates, renames and removes files', (ctx) => {
    requireComponents(ctx, 'strace');
    const script = join(dir, 'files.sh');
    writeFileSync(
      script,
      `set -e\nd=$(mktemp -d)\nmkdir "$d/sub"\necho hi > "$d/sub/a"\nmv "$d/sub/a" "$d/sub/b"\nrm -r "$d"\n`,
    );
    const { observation } = record('files', ['--', 'sh', script]);
    expect(observation.backend).toMatchObject({ name: 'strace', version: expect.stringMatching(/^\d+\.\d+/) });
    expect(observation.workload).toEqual({ kind: 'command', command: ['sh', script] });
    expect(observation.complete).toBe(true);
    expect(observation.exit).toEqual({ code: 0, signal: null });
    expect(names(observation)).toEqual(
      expect.arrayContaining(['execve', 'mkdir', 'renameat2', 'unlinkat', 'openat', 'wait4']),
    );
    expect(observation.diagnostics.unparsedLines).toBe(0);
  });

  it('records the workload exit status (code and signal)', (ctx) => {
    requireComponents(ctx, 'strace');
    expect(record('exit3', ['--', 'sh', '-c', 'exit 3']).observation.exit).toEqual({ code: 3, signal: null });
    expect(record('killed', ['--', 'sh', '-c', 'kill -9 $$']).observation.exit).toEqual({
      code: null,
      signal: 'SIGKILL',
    });
  });

  it('records a python http.server exercised with curl: bind, listen, accept and the bound port', (ctx) => {
    requireComponents(ctx, 'strace');
    const port = 20000 + Math.floor(Math.random() * 20000);
    const exercise = `for i in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:${port}/ && break; sleep 0.1; done; curl -sf -o /dev/null http://127.0.0.1:${port}/`;
    const { observation } = record('http', [
      '--exercise',
      exercise,
      '--',
      'python3',
      '-m',
      'http.server',
      String(port),
      '--bind',
      '127.0.0.1',
    ]);
    expect(observation.complete).toBe(true);
    expect(observation.exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(observation.bindPorts).toContain(port);
    expect(names(observation)).toEqual(expect.arrayContaining(['socket', 'bind', 'listen', 'accept4', 'sendto']));
    expect(observation.args.socket?.['0']?.values).toContain(2);
    expect(observation.backend.notes).toContain('stopped: exercise');
  });

  it('follows threads of a multi-threaded program (clone3, futex) and decodes their clone flags', (ctx) => {
    requireComponents(ctx, 'strace');
    const code =
      'import threading\nts=[threading.Thread(target=sum, args=([1,2],)) for _ in range(4)]\n[t.start() for t in ts]\n[t.join() for t in ts]\n';
    const { observation } = record('threads', ['--', 'python3', '-c', code]);
    const clones = [
      ...(observation.args.clone3?.['0']?.values ?? []),
      ...(observation.args.clone?.['0']?.values ?? []),
    ];
    const CLONE_THREAD = 0x10000;
    expect(clones.some((flags) => (BigInt(flags) & BigInt(CLONE_THREAD)) !== 0n)).toBe(true);
    expect(names(observation)).toEqual(expect.arrayContaining(['futex', 'set_robust_list']));
  });

  it('stops the command after --duration with SIGTERM', (ctx) => {
    requireComponents(ctx, 'strace');
    const { observation } = record('duration', ['--duration', '1', '--', 'sleep', '30']);
    expect(observation.exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(observation.complete).toBe(true);
    expect(observation.durationMs).toBeLessThan(15_000);
    expect(names(observation)).toContain('clock_nanosleep');
  });

  it('Ctrl-C stops recording cleanly and writes a partial observation (exit 130)', async (ctx) => {
    requireComponents(ctx, 'strace');
    const out = join(dir, 'interrupted.json');
    const child = spawn(
      join(repoRoot, 'bin/seccompose'),
      ['record', '--quiet', '--force', '-o', out, '--', 'sleep', '30'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    await straceStarted(child.pid!);
    child.kill('SIGINT');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(130);
    const observation = parseObservation(readFileSync(out, 'utf8'), out);
    expect(observation.complete).toBe(false);
    expect(observation.incompleteReasons.join()).toMatch(/interrupted/);
    expect(names(observation)).toContain('execve');
  });

  it('records a 32-bit binary (built with gcc -m32 at test time) into per-ABI sets', (ctx) => {
    requireComponents(ctx, 'strace');
    const binary = join(dir, 'net32');
    const built = spawnSync(
      'gcc',
      ['-m32', '-O1', '-o', binary, join(repoRoot, 'test/fixtures/strace-6.1/src/net.c')],
      { encoding: 'utf8' },
    );
    if (built.status !== 0) {
      const why = `gcc -m32 is not available (apt-get install gcc-multilib): ${(built.stderr || String(built.error)).slice(0, 200)}`;
      if (process.env.CI === 'true') throw new Error(why);
      process.stderr.write(`\n!!! SKIPPED: ${why}\n`);
      ctx.skip(why);
    }
    const { observation } = record('m32', ['--', 'sh', '-c', `${binary}; exit 0`]);
    expect(names(observation, 'SCMP_ARCH_X86')).toEqual(
      expect.arrayContaining(['mmap2', 'socketcall', 'personality', 'prctl', 'exit_group']),
    );
    expect(names(observation, 'SCMP_ARCH_X86')).not.toContain('socket');
    expect(names(observation)).toEqual(expect.arrayContaining(['execve', 'wait4']));
    expect(names(observation)).not.toContain('mmap2');
    expect(observation.bindPorts).toEqual([18766, 18767]);
  });
});
