import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';

const WORKLOAD = 'seccompose/workload:1';
const NGINX = 'seccompose/nginx:1';
const CURL = 'for i in 1 2 3 4 5; do curl -fsS -o /dev/null "http://$SECCOMPOSE_CONTAINER_IP/" || exit 1; done';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seccompose-verify-it-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const label = (): string => `io.seccompose.test=${randomBytes(4).toString('hex')}`;
function leftovers(testLabel: string): string[] {
  const r = spawnSync('docker', ['ps', '--all', '--quiet', '--filter', `label=${testLabel}`], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

interface Verdict {
  verdict: string;
  checks: { name: string; ok: boolean; detail: string }[];
  denied: { syscall: string; processes: string[] }[];
  suggestion: string;
}
const json = (stdout: string): Verdict => JSON.parse(stdout) as Verdict;
const check = (v: Verdict, name: string) => v.checks.find((c) => c.name === name);

/** record (audit) + generate: the profile of the busybox workload run with `flags`. */
async function profileOf(name: string, flags: string[]): Promise<string> {
  const obs = join(dir, `${name}.json`);
  const profile = join(dir, `${name}-profile.json`);
  const rec = runCli(['record', '-q', '--backend', 'audit', '-o', obs, '--', 'docker', 'run', WORKLOAD, ...flags]);
  expect(rec.code, rec.stderr).toBe(0);
  const gen = runCli(['generate', obs, '-o', profile]);
  expect(gen.code, gen.stderr).toBe(0);
  return profile;
}

describe('seccompose verify -- docker run (real engine)', () => {
  it('record → generate → verify passes for a busybox script workload; removing mkdir fails and names exactly mkdir', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const profile = await profileOf('mkdir', ['--mkdir', '--exit', '0']);
    const tag = label();
    const pass = runCli([
      'verify',
      profile,
      '--json',
      '--',
      'docker',
      'run',
      '--label',
      tag,
      WORKLOAD,
      '--mkdir',
      '--exit',
      '0',
    ]);
    expect(pass.code, pass.stdout + pass.stderr).toBe(0);
    expect(json(pass.stdout)).toMatchObject({ verdict: 'pass', denied: [] });
    expect(check(json(pass.stdout), 'canary')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/denied with ERRNO\(EPERM\)/),
    });

    const text = JSON.parse(await readFile(profile, 'utf8')) as { syscalls: { names: string[] }[] };
    for (const rule of text.syscalls) rule.names = rule.names.filter((n) => n !== 'mkdir');
    const broken = join(dir, 'no-mkdir.json');
    await writeFile(broken, JSON.stringify(text));
    const fail = runCli([
      'verify',
      broken,
      '--json',
      '--',
      'docker',
      'run',
      '--label',
      tag,
      WORKLOAD,
      '--mkdir',
      '--exit',
      '0',
    ]);
    expect(fail.code, fail.stdout + fail.stderr).toBe(1);
    const verdict = json(fail.stdout);
    expect(verdict.verdict).toBe('fail');
    expect(check(verdict, 'workload-exit')?.ok).toBe(false);
    expect(verdict.denied.map((d) => d.syscall)).toEqual(['mkdir']);
    expect(verdict.denied[0]!.processes).toEqual(['mkdir']);
    expect(verdict.suggestion).toMatch(
      /seccompose record -o extra.json -- docker run --label \S+ seccompose\/workload:1 --mkdir --exit 0/,
    );
    expect(leftovers(tag)).toEqual([]);
  });

  it('complain mode (--explain) reports mkdir, which the recorded run never used', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const profile = await profileOf('plain', ['--exit', '0']);
    const r = runCli(['verify', profile, '--explain', '--', 'docker', 'run', WORKLOAD, '--mkdir', '--exit', '0']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^verify \S+: FAIL/);
    expect(r.stdout).toMatch(/^ {2}mkdir +x86_64 +\d+x {2}by mkdir {2}\(ERRNO\(EPERM\)\)$/m);
    expect(r.stdout).toMatch(/Next step:/);
  });

  it('a profile with defaultAction ALLOW, and unconfined, fail the canary', async (ctx) => {
    requireComponents(ctx, 'engine');
    const allow = join(dir, 'allow.json');
    await writeFile(
      allow,
      JSON.stringify({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['ptrace'], action: 'SCMP_ACT_ERRNO' }] }),
    );
    for (const profile of [allow, 'unconfined']) {
      const r = runCli(['verify', profile, '--json', '--', 'docker', 'run', WORKLOAD, '--exit', '0']);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      const verdict = json(r.stdout);
      expect(check(verdict, 'workload-exit')?.ok).toBe(true);
      expect(check(verdict, 'canary')).toMatchObject({ ok: false });
    }
  });

  it('record → generate → verify --compose passes for nginx exercised over HTTP', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const obs = join(dir, 'nginx.json');
    const rec = runCli([
      'record',
      '-q',
      '--backend',
      'audit',
      '-o',
      obs,
      '--exercise',
      CURL,
      '--',
      'docker',
      'run',
      NGINX,
    ]);
    expect(rec.code, rec.stderr).toBe(0);
    const compose = join(dir, 'nginx.compose.yaml');
    expect(
      runCli(['generate', obs, '-o', join(dir, 'nginx-profile.json'), '--compose', compose, '--service', 'web']).code,
    ).toBe(0);
    const r = runCli([
      'verify',
      '--compose',
      compose,
      '--service',
      'web',
      '--exercise',
      CURL,
      '--',
      'docker',
      'run',
      NGINX,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/: PASS/);
    expect(r.stdout).toMatch(/\[ok\] +stop +.*honoured SIGTERM/);
    expect(r.stdout).toMatch(/\[ok\] +canary +.*docker exec/);
  });
});

describe('seccompose caps minimize (real engine)', () => {
  it('finds exactly NET_BIND_SERVICE for httpd binding port 80 (unprivileged ports from 1024)', async (ctx) => {
    requireComponents(ctx, 'engine');
    const exercise =
      'for i in $(seq 50); do wget -qO- "http://$SECCOMPOSE_CONTAINER_IP/" >/dev/null 2>&1 && exit 0; sleep 0.1; done; exit 1';
    const r = runCli([
      'caps',
      'minimize',
      '--json',
      '--service',
      'web',
      '--exercise',
      exercise,
      '--',
      'docker',
      'run',
      '--sysctl',
      'net.ipv4.ip_unprivileged_port_start=1024',
      WORKLOAD,
      '--bind80',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as {
      capAdd: string[];
      kept: { cap: string; tested: boolean }[];
      replays: number;
      compose: string;
    };
    expect(result.capAdd).toEqual(['NET_BIND_SERVICE']);
    expect(result.kept).toEqual([expect.objectContaining({ cap: 'NET_BIND_SERVICE', tested: true })]);
    expect(result.replays).toBe(16);
    expect(result.compose).toMatch(/cap_add:\n {6}- NET_BIND_SERVICE/);
    expect(r.stderr).toMatch(/replay 16\/20: without CAP_SYS_CHROOT/);
  });
});

describe('seccompose verify -- COMMAND (host command, runc)', () => {
  it('record (strace) → generate → verify passes; a profile without a needed syscall fails and the complain run names it', async (ctx) => {
    requireComponents(ctx, 'runc', 'strace', 'auditd');
    const obs = join(dir, 'cat.json');
    const profile = join(dir, 'cat-profile.json');
    expect(runCli(['record', '-q', '-o', obs, '--', 'cat', '/etc/hostname']).code).toBe(0);
    expect(runCli(['generate', obs, '-o', profile]).code).toBe(0);
    const pass = runCli(['verify', profile, '--json', '--', 'cat', '/etc/hostname']);
    expect(pass.code, pass.stdout + pass.stderr).toBe(0);
    expect(check(json(pass.stdout), 'canary')?.detail).toMatch(/second runc container/);

    const text = JSON.parse(await readFile(profile, 'utf8')) as { syscalls: { names: string[] }[] };
    for (const rule of text.syscalls) rule.names = rule.names.filter((n) => n !== 'read');
    const broken = join(dir, 'cat-no-read.json');
    await writeFile(broken, JSON.stringify(text));
    const fail = runCli(['verify', broken, '--json', '--', 'cat', '/etc/hostname']);
    expect(fail.code, fail.stdout + fail.stderr).toBe(1);
    expect(json(fail.stdout).denied).toEqual([expect.objectContaining({ syscall: 'read', processes: ['cat'] })]);
  });

  it('a host service stopped with SIGTERM ends as on the host (not PID 1, which would ignore it and be killed)', async (ctx) => {
    requireComponents(ctx, 'runc');
    const r = runCli(['verify', 'docker-default', '--json', '--duration', '1', '--grace', '3', '--', 'sleep', '600']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(check(json(r.stdout), 'stop')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/honoured SIGTERM \(exit code 143\)/),
    });
  });
});
