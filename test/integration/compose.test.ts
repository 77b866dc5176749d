import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';

// The fixture shop (proxy → api → cache) recorded, generated and verified with Debian's docker-compose 1.29.
const fixture = fileURLToPath(new URL('../fixtures/compose-shop', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/seccompose', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'seccompose-it-compose-'));
cpSync(fixture, join(dir, 'shop'), { recursive: true });
const compose = join(dir, 'shop', 'compose.yaml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EXERCISE = 'for i in 1 2 3 4 5; do curl -fsS http://127.0.0.1:$SECCOMPOSE_PROXY_PORT_80/ || exit 1; done';
const SERVICES = ['api', 'cache', 'proxy'];

interface ServiceJson {
  verdict: string;
  complainRun: boolean;
  capabilities: { failed: string[] };
  failedUnderComplain: unknown[];
  containers: string[];
  denied: { syscall: string; action: string; processes: string[] }[];
  readOnlyFailure: string | null;
  causes: string[];
  logTail: string[];
}

function dockerCompose(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('docker-compose', args, { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const projectLeft = (project: string, kind: 'ps' | 'ps --all' | 'network ls' | 'volume ls'): string =>
  spawnSync('docker', [...kind.split(' '), '--quiet', '--filter', `label=com.docker.compose.project=${project}`], {
    encoding: 'utf8',
  }).stdout.trim();

function record(backend: string, out: string): void {
  const r = runCli(['record', '-q', '-f', compose, '--backend', backend, '--exercise', EXERCISE, '-o', out]);
  expect(r.code, r.stderr).toBe(0);
}

function generate(obs: string[], output: string, extra: string[] = []): void {
  const r = runCli(['generate', ...obs, '-f', compose, '-o', output, ...extra]);
  expect(r.code, r.stderr).toBe(0);
}

function verify(override: string): { code: number | null; report: Record<string, unknown>; stderr: string } {
  const r = runCli(['verify', '-q', '-f', compose, '-f', override, '--exercise', EXERCISE, '--json']);
  return { code: r.code, report: r.stdout ? JSON.parse(r.stdout) : {}, stderr: r.stderr };
}

describe('compose projects end to end (docker-compose 1.29)', () => {
  it('ebpf: record every service, one override; compose up with it serves and downs cleanly; verify passes; a missing syscall is named', (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const rec = join(dir, 'ebpf');
    record('ebpf', rec);
    const observations = SERVICES.map((s) => JSON.parse(readFileSync(join(rec, `${s}.obs.json`), 'utf8')));
    expect(observations.map((o) => [o.workload.compose.service, o.complete])).toEqual(SERVICES.map((s) => [s, true]));
    // deploy.replicas: 2 — one observation for the api, the union of both containers' recordings.
    const api = observations[0];
    expect(api.workload.compose.containers.map((c: { replica: number }) => c.replica)).toEqual([1, 2]);
    expect(new Set(api.workload.compose.containers.map((c: { id: string }) => c.id)).size).toBe(2);
    expect(api.merged.sources).toHaveLength(2);
    expect(readdirSync(rec).sort()).toEqual(SERVICES.map((s) => `${s}.obs.json`));
    // The api's healthcheck (docker exec) is part of its evidence: its urllib client connects to 127.0.0.1.
    expect(api.backend.notes.join('\n')).toMatch(/docker exec/);

    const override = join(dir, 'ebpf-override', 'compose.seccomp.yaml');
    spawnSync('mkdir', ['-p', join(dir, 'ebpf-override')]);
    generate(
      SERVICES.map((s) => join(rec, `${s}.obs.json`)),
      override,
    );
    const text = readFileSync(override, 'utf8');
    for (const s of SERVICES) expect(text).toContain(`seccomp=${join(dir, 'ebpf-override', 'seccomp', `${s}.json`)}`);

    // Plain docker-compose with the override: same requests served, every service exits 0 on stop.
    const project = `seccompose-compose-it-${process.pid}`;
    const files = ['-f', compose, '-f', override, '-p', project];
    try {
      expect(dockerCompose(...files, 'up', '-d').code).toBe(0);
      const port = dockerCompose(...files, 'port', 'proxy', '80')
        .stdout.trim()
        .split(':')
        .pop();
      const curl = spawnSync('sh', ['-c', EXERCISE], {
        env: { ...process.env, SECCOMPOSE_PROXY_PORT_80: port },
        encoding: 'utf8',
      });
      expect(curl.status, curl.stderr).toBe(0);
      expect(curl.stdout).toContain('hits=5');
      expect(dockerCompose(...files, 'stop').code).toBe(0);
      const codes = dockerCompose(...files, 'ps', '-q')
        .stdout.trim()
        .split('\n')
        .map((id) =>
          spawnSync('docker', ['inspect', '--format', '{{.State.ExitCode}}', id], { encoding: 'utf8' }).stdout.trim(),
        );
      expect(codes).toEqual(['0', '0', '0', '0']);
    } finally {
      expect(dockerCompose(...files, 'down', '--volumes').code).toBe(0);
    }

    const passed = verify(override);
    expect(passed.code, JSON.stringify(passed.report)).toBe(0);

    // Without sendmmsg (glibc's resolver: the api looks up `cache`) the api fails, named with that syscall; the others pass.
    // The complain run (only the exercise failed, so every service under its complain profile) names it from the
    // kernel's SECCOMP records of the api's two containers; the cache and the proxy pass.
    const apiProfile = join(dir, 'ebpf-override', 'seccomp', 'api.json');
    const profile = JSON.parse(readFileSync(apiProfile, 'utf8'));
    for (const rule of profile.syscalls) rule.names = rule.names.filter((n: string) => n !== 'sendmmsg');
    writeFileSync(apiProfile, JSON.stringify(profile));
    const failed = verify(override);
    expect(failed.code).toBe(1);
    const services = failed.report.services as Record<string, ServiceJson>;
    expect(services.api!.verdict).toBe('fail');
    expect(services.api!.complainRun).toBe(true);
    expect(services.api!.containers).toHaveLength(2);
    expect(services.api!.denied.map((d) => [d.syscall, d.action, d.processes])).toEqual([
      ['sendmmsg', 'ERRNO(EPERM)', ['python3']],
    ]);
    expect(services.api!.readOnlyFailure).toBeNull();
    expect(services.api!.causes).toEqual(['seccomp']);
    for (const s of ['cache', 'proxy']) {
      expect(services[s]!.verdict).toBe('pass');
      expect(services[s]!.complainRun).toBe(true);
      expect(services[s]!.denied).toEqual([]);
    }

    // A second generate for the api alone leaves the other services' entries byte for byte.
    const section = (t: string, s: string) => new RegExp(`\\n  ${s}:\\n(    .*\\n|\\n)*`).exec(t)?.[0];
    generate([join(rec, 'api.obs.json')], override, ['--harden']);
    const again = readFileSync(override, 'utf8');
    expect(section(again, 'cache')).toBe(section(text, 'cache'));
    expect(section(again, 'proxy')).toBe(section(text, 'proxy'));
    expect(section(again, 'api')).toContain('read_only: true');
  });

  it('--harden: read_only + tmpfs for exactly /run and /tmp (the cache), user when provable; verify passes', (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const rec = join(dir, 'ebpf');
    const override = join(dir, 'hardened', 'compose.seccomp.yaml');
    spawnSync('mkdir', ['-p', join(dir, 'hardened')]);
    generate(
      SERVICES.map((s) => join(rec, `${s}.obs.json`)),
      override,
      ['--harden'],
    );
    const text = readFileSync(override, 'utf8');
    const cache = /\n {2}cache:\n((?: {4}.*\n)*)/.exec(text)?.[1] ?? '';
    expect(cache).toMatch(/# seccomp|read_only: true/);
    expect(cache).toContain('read_only: true');
    expect(cache).toMatch(/tmpfs:\n\s+- \/run:uid=65534,gid=65534\n\s+- \/tmp:uid=65534,gid=65534\n/);
    expect(cache).toMatch(/# user: it ran as root but used no capability/);
    const proxy = /\n {2}proxy:\n((?: {4}.*\n)*)/.exec(text)?.[1] ?? '';
    expect(proxy).toMatch(/# user: not suggested: it ran as root and used CAP_CHOWN, CAP_SETGID, CAP_SETUID/);
    const result = verify(override);
    expect(result.code, JSON.stringify(result.report)).toBe(0);

    // Broken on purpose, not by seccomp: the cache without its tmpfs (read-only /run), the proxy without CHOWN.
    const broken = join(dir, 'hardened', 'broken.seccomp.yaml');
    writeFileSync(
      broken,
      text
        .replace(/(\n {2}cache:\n(?: {4}.*\n)*?) {4}tmpfs:\n(?: {6}- .*\n)+/, '$1')
        .replace(/(\n {2}proxy:\n(?: {4}.*\n)*? {4}cap_add:\n) {6}- CHOWN\n/, '$1'),
    );
    expect(readFileSync(broken, 'utf8')).not.toBe(text);
    const failed = verify(broken);
    expect(failed.code).toBe(1);
    const services = failed.report.services as Record<string, ServiceJson>;
    expect(services.cache!.verdict).toBe('fail');
    expect(services.cache!.readOnlyFailure).toMatch(/Read-only file system/);
    expect(services.cache!.causes).toEqual(['read-only-filesystem']);
    expect(services.proxy!.causes).toEqual(['capabilities']);
    expect(services.proxy!.verdict).toBe('fail');
    expect(services.proxy!.capabilities.failed).toContain('CAP_CHOWN');
    expect(services.proxy!.logTail.join('\n')).toMatch(/chown\(.*\) failed \(1: Operation not permitted\)/);
    // Both ran under their complain profiles and failed there too: not a seccomp denial.
    for (const s of ['cache', 'proxy']) {
      expect(services[s]!.complainRun).toBe(true);
      expect(services[s]!.failedUnderComplain.length).toBeGreaterThan(0);
    }
    expect(services.api!.verdict).toBe('pass');
    expect(services.api!.complainRun).toBe(false);
  });

  it('audit: the same project recorded with the audit backend; its override verifies', (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const rec = join(dir, 'audit');
    record('audit', rec);
    const override = join(dir, 'audit-override', 'compose.seccomp.yaml');
    spawnSync('mkdir', ['-p', join(dir, 'audit-override')]);
    generate(
      SERVICES.map((s) => join(rec, `${s}.obs.json`)),
      override,
      ['--harden'],
    );
    // Audit traces no capability checks: user: is not suggested, and the comment says why.
    expect(readFileSync(override, 'utf8')).toMatch(
      /user: not provable: the audit backend does not trace capability checks/,
    );
    const result = verify(override);
    expect(result.code, JSON.stringify(result.report)).toBe(0);
  });

  it('interrupting a project recording leaves no containers, networks or volumes of the project', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const project = `seccompose-compose-int-${process.pid}`;
    // A named volume too, so that `down --volumes` has one to remove.
    const volume = join(dir, 'volume.yaml');
    writeFileSync(volume, 'services:\n  cache:\n    volumes: [scratch:/scratch]\nvolumes:\n  scratch: {}\n');
    const child = spawn(
      bin,
      [
        'record',
        '-q',
        '-f',
        compose,
        '-f',
        volume,
        '-p',
        project,
        '--service',
        'cache',
        '--exercise',
        'sleep 60',
        '-o',
        join(dir, 'interrupted'),
      ],
      { stdio: 'ignore' },
    );
    const exited = once(child, 'exit');
    const deadline = Date.now() + 90_000;
    while (projectLeft(project, 'ps') === '' && Date.now() < deadline) await delay(250);
    expect(projectLeft(project, 'ps')).not.toBe('');
    expect(projectLeft(project, 'network ls')).not.toBe('');
    expect(projectLeft(project, 'volume ls')).not.toBe('');
    child.kill('SIGINT');
    const [code] = await exited;
    expect(code).toBe(130);
    expect(projectLeft(project, 'ps --all')).toBe('');
    expect(projectLeft(project, 'network ls')).toBe('');
    expect(projectLeft(project, 'volume ls')).toBe('');
  });
});
