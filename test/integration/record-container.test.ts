import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readObservation } from '../../src/model/read-observation.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';

const WORKLOAD = 'seccompose/workload:1';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seccompose-record-container-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** A label unique to one test, so leftovers are ours and not another test's. */
function testLabel(): string {
  return `io.seccompose.test=${randomBytes(4).toString('hex')}`;
}

function leftovers(label: string): string[] {
  const r = spawnSync(
    'docker',
    ['ps', '--all', '--quiet', '--filter', `label=${label}`, '--filter', 'label=io.seccompose.recording=1'],
    { encoding: 'utf8' },
  );
  return r.stdout.split('\n').filter(Boolean);
}

const observation = (path: string) => readObservation(path);

describe('seccompose record -- docker run (real engine, audit backend)', () => {
  it('a workload that exits non-zero: exit code recorded, complete, container removed', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const label = testLabel();
    const out = join(dir, 'exit3.json');
    const r = runCli([
      'record',
      '--backend',
      'audit',
      '-o',
      out,
      '--',
      'docker',
      'run',
      '--rm',
      '--label',
      label,
      WORKLOAD,
      '--mkdir',
      '--exit',
      '3',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const obs = await observation(out);
    expect(obs).toMatchObject({
      complete: true,
      exit: { code: 3, signal: null },
      workload: { kind: 'container', image: WORKLOAD, command: ['--mkdir', '--exit', '3'] },
    });
    expect(Object.keys(obs.syscalls.SCMP_ARCH_X86_64 ?? {})).toEqual(
      expect.arrayContaining(['mkdir', 'rename', 'exit_group']),
    );
    expect(r.stderr).toMatch(/exit 3/);
    expect(leftovers(label)).toEqual([]);
  });

  it('a workload that is killed: SIGKILL recorded, container removed', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const label = testLabel();
    const out = join(dir, 'killed.json');
    const r = runCli([
      'record',
      '--backend',
      'audit',
      '-o',
      out,
      '--exercise',
      'docker kill "$SECCOMPOSE_CONTAINER_ID" >/dev/null',
      '--',
      'docker',
      'run',
      '--label',
      label,
      WORKLOAD,
      '--serve',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect((await observation(out)).exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(leftovers(label)).toEqual([]);
  });

  it('a workload that never becomes ready: partial with the reason, exercise skipped, exit 1, container removed', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const label = testLabel();
    const out = join(dir, 'never.json');
    const marker = join(dir, 'exercise-ran');
    const r = runCli([
      'record',
      '--backend',
      'audit',
      '-o',
      out,
      '--ready-timeout',
      '2',
      '--exercise',
      `touch ${marker}`,
      '--',
      'docker',
      'run',
      '--label',
      label,
      '-p',
      '127.0.0.1::8080',
      WORKLOAD,
      '--never-ready',
    ]);
    expect(r.code, r.stderr).toBe(1);
    const obs = await observation(out);
    expect(obs.complete).toBe(false);
    expect(obs.incompleteReasons[0]).toMatch(
      /never became ready: port 8080\/tcp \(.*\) did not answer within 2s; the exercise did not run/,
    );
    expect(r.stderr).toMatch(/PARTIAL/);
    await expect(readFile(marker)).rejects.toThrow();
    expect(leftovers(label)).toEqual([]);
  });

  it('waits for readiness, exercises with the container address, then stops it with SIGTERM so shutdown is recorded', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const label = testLabel();
    const out = join(dir, 'served.json');
    const exercise =
      'wget -q -O - "http://127.0.0.1:$SECCOMPOSE_PORT_80/" | grep -q seccompose && wget -q -O /dev/null "http://$SECCOMPOSE_CONTAINER_IP/"';
    const r = runCli([
      'record',
      '--backend',
      'audit',
      '-o',
      out,
      '--exercise',
      exercise,
      '--',
      'docker',
      'run',
      '--label',
      label,
      '-p',
      '127.0.0.1::80',
      WORKLOAD,
      '--bind80',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const obs = await observation(out);
    expect(obs).toMatchObject({ complete: true, exit: { code: 0, signal: null } });
    expect(obs.backend.notes.join('\n')).toMatch(/ready: port 80\/tcp/);
    // accept/bind come from serving; kill is the trap handler stopping httpd on SIGTERM.
    expect(Object.keys(obs.syscalls.SCMP_ARCH_X86_64 ?? {})).toEqual(
      expect.arrayContaining(['bind', 'listen', 'accept', 'kill']),
    );
    expect(leftovers(label)).toEqual([]);
  });

  it('on Ctrl-C: writes a partial observation, exits 130 and removes the container', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const label = testLabel();
    const out = join(dir, 'interrupted.json');
    const child = spawn(
      join(repoRoot, 'bin/seccompose'),
      ['record', '--backend', 'audit', '-o', out, '--', 'docker', 'run', '--label', label, WORKLOAD, '--serve'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    for (let i = 0; i < 300 && leftovers(label).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(130);
    const obs = await observation(out);
    expect(obs.complete).toBe(false);
    expect(obs.incompleteReasons[0]).toMatch(/interrupted by the user/);
    expect(leftovers(label)).toEqual([]);
  });

  it('refuses --privileged and a missing image with clear messages, starting nothing', (ctx) => {
    requireComponents(ctx, 'engine');
    const privileged = runCli(['record', '-o', join(dir, 'p.json'), '--', 'docker', 'run', '--privileged', WORKLOAD]);
    expect(privileged.code).toBe(2);
    expect(privileged.stderr).toMatch(/cannot record with docker run --privileged: it disables seccomp/);
    const missing = runCli([
      'record',
      '--backend',
      'audit',
      '-o',
      join(dir, 'm.json'),
      '--',
      'docker',
      'run',
      'seccompose/no-such-image:1',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/image seccompose\/no-such-image:1 is not present on this engine/);
  });

  it('--backend auto says which backend it picked, and records with it', async (ctx) => {
    requireComponents(ctx, 'engine');
    const label = testLabel();
    const out = join(dir, 'auto.json');
    const r = runCli(['record', '-o', out, '--', 'docker', 'run', '--label', label, WORKLOAD, '--mkdir']);
    expect(r.code, r.stderr).toBe(0);
    const picked = /seccompose: backend: (ebpf|audit|strace) /.exec(r.stderr)?.[1];
    expect(picked, r.stderr).toBeDefined();
    const obs = await observation(out);
    expect(obs.backend.name).toBe(picked);
    expect(Object.keys(obs.syscalls.SCMP_ARCH_X86_64 ?? {})).toEqual(expect.arrayContaining(['mkdir', 'rename']));
    expect(leftovers(label)).toEqual([]);
  });
});
