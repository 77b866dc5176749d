import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';

const IMAGES = ['seccompose/busybox:1', 'seccompose/debian:bookworm', 'seccompose/nginx:1', 'seccompose/workload:1'];

function setup() {
  const started = Date.now();
  const r = spawnSync('bash', ['scripts/setup'], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stderr: r.stderr, ms: Date.now() - started };
}

describe('scripts/setup', () => {
  it('is idempotent: a second run changes nothing, says so in one line per component, and is quick', (ctx) => {
    requireComponents(ctx, 'engine');
    const first = setup();
    expect(first.code, first.stderr).toBe(0);
    const second = setup();
    expect(second.code, second.stderr).toBe(0);
    const lines = second.stderr.trim().split('\n');
    expect(lines.map((l) => l.replace(/:.*/, ''))).toEqual(['setup', 'setup', 'setup', 'setup', 'setup', 'setup']);
    expect(second.stderr).toMatch(/packages: all \d+ present/);
    expect(second.stderr).toMatch(/docker: engine \S+ ready/);
    expect(second.stderr).toMatch(/auditd: running .*backlog 65536, no rate limit, log 64 MB x 4/);
    expect(second.stderr).toMatch(/images: .* present/);
    expect(second.stderr).not.toMatch(/installed|built|started|bound/);
    expect(second.ms).toBeLessThan(10_000);
  });

  it('leaves the engine answering, auditd unthrottled, tracefs mounted and every test image present', (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const audit = spawnSync('auditctl', ['-s'], { encoding: 'utf8' }).stdout;
    expect(audit).toMatch(/^rate_limit 0$/m);
    expect(audit).toMatch(/^backlog_limit 65536$/m);
    expect(audit).not.toMatch(/^pid 0$/m);
    expect(spawnSync('grep', ['-q', ' /sys/kernel/tracing tracefs ', '/proc/mounts']).status).toBe(0);
    for (const image of IMAGES) {
      expect(spawnSync('docker', ['image', 'inspect', image], { encoding: 'utf8' }).status, image).toBe(0);
    }
  });

  it('builds images that do what the tests need: workload flags, nginx serving on :80', (ctx) => {
    requireComponents(ctx, 'engine');
    const workload = spawnSync(
      'docker',
      ['run', '--rm', 'seccompose/workload:1', '--chown', '--mkdir', '--exit', '5'],
      { encoding: 'utf8' },
    );
    expect(workload.status).toBe(5);
    expect(workload.stdout).toMatch(/chowned \/tmp\/owned\n.*mkdir done\n.*exit 5/);
    const nginx = spawnSync(
      'docker',
      [
        'run',
        '--rm',
        '--network',
        'none',
        '--entrypoint',
        'sh',
        'seccompose/nginx:1',
        '-c',
        'nginx && curl -fsS http://127.0.0.1/ | grep -c nginx',
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(nginx.stdout.trim(), nginx.stderr).not.toBe('0');
    expect(nginx.status, nginx.stderr).toBe(0);
  });

  it('without root, lists what is missing and how to get it, and exits 3', (ctx) => {
    requireComponents(ctx, 'engine');
    const r = spawnSync(
      'setpriv',
      ['--reuid', '65534', '--regid', '65534', '--clear-groups', 'bash', 'scripts/setup'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/missing what seccompose needs/);
    expect(r.stderr).toMatch(/Docker engine is not answering .* start it as root: dockerd/);
    expect(r.stderr).toMatch(/\nRun `bash scripts\/setup` as root on Debian\/Ubuntu/);
  });

  it('is what `seccompose setup` runs: the same lines and exit codes, and the hint names the command', (ctx) => {
    requireComponents(ctx, 'engine');
    const asRoot = runCli(['setup']);
    expect(asRoot.code, asRoot.stderr).toBe(0);
    expect(asRoot.stdout).toBe('');
    expect(asRoot.stderr).toMatch(/^setup: packages: all \d+ present\n(setup: .*\n)*setup: images: .* present\n$/);
    const bin = join(repoRoot, 'bin', 'seccompose');
    const unprivileged = spawnSync(
      'setpriv',
      ['--reuid', '65534', '--regid', '65534', '--clear-groups', bin, 'setup'],
      { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, HOME: tmpdir() } },
    );
    expect(unprivileged.status, unprivileged.stderr).toBe(3);
    expect(unprivileged.stderr).toMatch(/\nRun `seccompose setup` as root on Debian\/Ubuntu/);
  });

  it('when dockerd cannot start, stops waiting at once, shows its log and exits 3', (ctx) => {
    requireComponents(ctx, 'engine');
    if (process.getuid?.() !== 0) ctx.skip('needs root (the start path is only taken as root)');
    const bin = mkdtempSync(join(tmpdir(), 'seccompose-setup-'));
    try {
      // A docker client that finds no engine and a dockerd that refuses to start, ahead of the real ones.
      writeFileSync(join(bin, 'docker'), '#!/bin/sh\necho "Cannot connect to the Docker daemon" >&2\nexit 1\n');
      writeFileSync(join(bin, 'dockerd'), '#!/bin/sh\necho "failed to start daemon: pid file found" >&2\nexit 1\n');
      chmodSync(join(bin, 'docker'), 0o755);
      chmodSync(join(bin, 'dockerd'), 0o755);
      const env = {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        SECCOMPOSE_DOCKERD_LOG: join(bin, 'dockerd.log'),
      };
      const started = Date.now();
      const r = spawnSync('bash', ['scripts/setup'], { cwd: repoRoot, encoding: 'utf8', env, timeout: 60_000 });
      expect(r.status, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/dockerd exited or did not answer .*\nfailed to start daemon: pid file found/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
