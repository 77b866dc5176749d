import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';

const bin = fileURLToPath(new URL('../../bin/seccompose', import.meta.url));
const containers = (name: string): string =>
  spawnSync('docker', ['ps', '--all', '--quiet', '--filter', `name=${name}`], { encoding: 'utf8' }).stdout.trim();

describe('runs that never end (issue 10)', () => {
  it('verify: the workload dies during an endless exercise → the exercise is ended, exit 1 naming the exit code', (ctx) => {
    requireComponents(ctx, 'engine');
    const started = Date.now();
    const result = runCli([
      'verify',
      'unconfined',
      '--quiet',
      '--exercise',
      'while :; do sleep 0.2; done',
      '--',
      'docker',
      'run',
      'seccompose/busybox:1',
      'sh',
      '-c',
      'sleep 1; exit 4',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/the workload exited with code 4 while the exercise ran; the exercise was ended/);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('record: --exercise-timeout ends the exercise; the observation is partial and says why', (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const result = runCli([
      'record',
      '--quiet',
      '--backend',
      'ebpf',
      '--exercise-timeout',
      '1',
      '--exercise',
      'sleep 60',
      '-o',
      '-',
      '--',
      'docker',
      'run',
      'seccompose/busybox:1',
      'sleep',
      '300',
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).incompleteReasons.join('\n')).toMatch(
      /still running after --exercise-timeout 1s and was ended/,
    );
  });

  it('caps minimize: two Ctrl-C leave no container running and no temp dir', async (ctx) => {
    requireComponents(ctx, 'engine');
    const name = `seccompose-compose-minimize-${process.pid}`;
    const tmp = mkdtempSync(join(tmpdir(), 'seccompose-bounds-tmp-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    const child = spawn(
      bin,
      [
        'caps',
        'minimize',
        '--profile',
        'unconfined',
        '--exercise',
        'sleep 60',
        '--',
        'docker',
        'run',
        '--name',
        name,
        'seccompose/busybox:1',
        'sleep',
        '300',
      ],
      { stdio: 'ignore', env: { ...process.env, TMPDIR: tmp } },
    );
    const exited = once(child, 'exit');
    const deadline = Date.now() + 60_000;
    while (containers(name) === '' && Date.now() < deadline) await delay(200);
    expect(readdirSync(tmp).filter((f) => f.startsWith('seccompose-minimize-'))).toHaveLength(1);
    expect(containers(name)).not.toBe('');
    child.kill('SIGINT');
    await delay(50);
    child.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(130);
    expect(containers(name)).toBe('');
    expect(readdirSync(tmp)).toEqual([]);
  });
});
