import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type Component, requireComponents } from '../helpers/environment.js';

const bin = fileURLToPath(new URL('../../bin/seccompose', import.meta.url));
/** A private state directory: the test sees only what its own seccompose processes wrote down. */
const stateDir = mkdtempSync(join(tmpdir(), 'robust-state-'));
const env = { SECCOMPOSE_STATE_DIR: stateDir };
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

interface Found {
  kind: string;
  key?: string;
  name?: string;
  path?: string;
  pid?: number;
}

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
const running = (name: string) => sh('docker', ['ps', '--all', '--quiet', '--filter', `name=^${name}$`]).trim() !== '';

async function killDuringRecording(backend: string, name: string): Promise<void> {
  const child = spawn(
    bin,
    [
      'record',
      '--backend',
      backend,
      '-q',
      '-o',
      join(stateDir, 'never.json'),
      '--',
      'docker',
      'run',
      '--rm',
      '--name',
      name,
      'seccompose/busybox:1',
      'sleep',
      '120',
    ],
    { env: { ...process.env, ...env }, stdio: 'ignore' },
  );
  const deadline = Date.now() + 90_000;
  while (!running(name) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  expect(running(name)).toBe(true);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('close', resolve));
}

describe.each<[string, Component[]]>([
  ['audit', ['engine', 'auditd']],
  ['ebpf', ['engine', 'bpftrace']],
])('SIGKILL of record --backend %s leaves things that cleanup removes', (backend, components) => {
  it('warns at the next start, lists with --dry-run, removes, and nothing remains', async (ctx) => {
    requireComponents(ctx, ...components);
    const name = `robust-leftover-${backend}-${process.pid}`;
    await killDuringRecording(backend, name);

    const dry = runCli(['cleanup', '--dry-run', '--json'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    const found = (JSON.parse(dry.stdout) as { found: Found[] }).found;
    const kinds = found
      .filter((f) => f.kind !== 'container' || f.name === name)
      .map((f) => f.kind)
      .sort();
    expect(kinds).toEqual(
      backend === 'audit' ? ['audit-rules', 'container', 'temp-dir'] : ['container', 'temp-dir', 'tracer'],
    );
    const rules = found.find((f) => f.kind === 'audit-rules');
    if (rules) expect(sh('auditctl', ['-l'])).toContain(`key=${rules.key}`);
    const tracer = found.find((f) => f.kind === 'tracer');
    if (tracer) expect(existsSync(`/proc/${tracer.pid}`)).toBe(true);
    const temp = found.find((f) => f.kind === 'temp-dir')!;
    expect(existsSync(temp.path!)).toBe(true);

    // The next record warns before doing anything else (here it then fails on a missing image).
    const next = runCli(['record', '-o', join(stateDir, 'x.json'), '--', 'docker', 'run', 'robust-no-such-image:1'], {
      env,
    });
    expect(next.stderr).toContain('a seccompose process that is gone left');
    expect(next.stderr).toContain(`container ${name}`);

    const clean = runCli(['cleanup'], { env });
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toContain(`removed: container ${name}`);
    expect(running(name)).toBe(false);
    if (rules) expect(sh('auditctl', ['-l'])).not.toContain(`key=${rules.key}`);
    if (tracer) {
      const deadline = Date.now() + 5_000;
      while (existsSync(`/proc/${tracer.pid}/exe`) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(`/proc/${tracer.pid}/exe`)).toBe(false);
    }
    expect(existsSync(temp.path!)).toBe(false);
    expect(readdirSync(stateDir).filter((f) => f.endsWith('.json') && f !== 'never.json')).toEqual([]);
    expect(runCli(['cleanup', '--dry-run'], { env }).stdout).not.toContain(name);
  });
});

describe('SIGKILL of record -f (a compose project)', () => {
  it('cleanup lists the project (containers, network, volume), removes it, and a second run finds nothing', async (ctx) => {
    requireComponents(ctx, 'engine', 'auditd');
    const project = `robust-compose-kill-${process.pid}`;
    const compose = join(stateDir, 'compose.yaml');
    writeFileSync(
      compose,
      'services:\n  app:\n    image: seccompose/busybox:1\n    command: ["sleep", "120"]\n    volumes: [data:/data]\nvolumes:\n  data: {}\n',
    );
    const label = `label=com.docker.compose.project=${project}`;
    const left = (kind: string) => sh('docker', [...kind.split(' '), '--quiet', '--filter', label]).trim();
    const child = spawn(
      bin,
      [
        'record',
        '-q',
        '-f',
        compose,
        '-p',
        project,
        '--backend',
        'audit',
        '--exercise',
        'sleep 60',
        '-o',
        join(stateDir, 'kill-rec'),
      ],
      { env: { ...process.env, ...env }, stdio: 'ignore' },
    );
    const deadline = Date.now() + 90_000;
    while (sh('docker', ['ps', '--quiet', '--filter', label]).trim() === '' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 250));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    expect(left('ps --all')).not.toBe('');

    const dry = runCli(['cleanup', '--dry-run', '--json'], { env });
    expect(dry.code, dry.stderr).toBe(0);
    const found = (JSON.parse(dry.stdout) as { found: (Found & Record<string, unknown>)[] }).found;
    expect(found.filter((f) => f.kind === 'compose-project')).toEqual([
      {
        kind: 'compose-project',
        name: project,
        owner: expect.stringMatching(/^\d+:\d+$/),
        // v1 names it project_app_1, v2 project-app-1.
        containers: [
          {
            id: expect.stringMatching(/^[0-9a-f]{64}$/),
            name: expect.stringMatching(new RegExp(`^${project}[_-]app[_-]1$`)),
          },
        ],
        networks: [`${project}_default`],
        volumes: [`${project}_data`],
      },
    ]);
    // Its container is part of the project, not listed a second time.
    expect(found.filter((f) => f.kind === 'container' && String(f.name).startsWith(project))).toEqual([]);
    expect(runCli(['cleanup', '--dry-run'], { env }).stdout).toMatch(
      new RegExp(
        `would remove: compose project ${project} \\(containers ${project}[_-]app[_-]1; networks ${project}_default; volumes ${project}_data\\)`,
      ),
    );

    const clean = runCli(['cleanup'], { env });
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toContain(`removed: compose project ${project}`);
    expect([left('ps --all'), left('network ls'), left('volume ls')]).toEqual(['', '', '']);
    const again = runCli(['cleanup', '--dry-run', '--json'], { env });
    expect((JSON.parse(again.stdout) as { found: unknown[] }).found).toEqual([]);
    expect(readdirSync(stateDir).filter((f) => f.endsWith('.json'))).toEqual([]);
  });
});
