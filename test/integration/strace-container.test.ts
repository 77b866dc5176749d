import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readObservation } from '../../src/model/read-observation.js';
import { runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';

const IMAGE = 'seccompose/busybox:1';
const dir = mkdtempSync(join(tmpdir(), 'seccompose-it-strace-container-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What runc does before the filter and the entrypoint (DESIGN §3): never the workload's. */
const RUNC_SETUP = [
  'pivot_root',
  'mount',
  'umount2',
  'sethostname',
  'seccomp',
  'keyctl',
  'mknodat',
  'capset',
  'setns',
  'unshare',
];

function leftovers(label: string): string[] {
  const r = spawnSync('docker', ['ps', '--all', '--quiet', '--filter', `label=${label}`], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

describe('record --backend strace -- docker run (strace attached to containerd)', () => {
  it('records the entrypoint and its children from the exec on, without runc setup; exit code kept', async (ctx) => {
    requireComponents(ctx, 'engine', 'strace');
    const label = `io.seccompose.test=${randomBytes(4).toString('hex')}`;
    const out = join(dir, 'files.json');
    const script = 'mkdir /tmp/a && mv /tmp/a /tmp/b && rmdir /tmp/b && ls / > /dev/null; exit 4';
    const r = runCli([
      'record',
      '--backend',
      'strace',
      '--quiet',
      '-o',
      out,
      '--',
      'docker',
      'run',
      '--rm',
      '--label',
      label,
      IMAGE,
      'sh',
      '-c',
      script,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const observation = await readObservation(out);
    expect(observation).toMatchObject({ complete: true, exit: { code: 4, signal: null }, backend: { name: 'strace' } });
    const names = Object.keys(observation.syscalls.SCMP_ARCH_X86_64 ?? {});
    expect(names).toEqual(
      expect.arrayContaining(['execve', 'mkdir', 'rename', 'rmdir', 'getdents64', 'wait4', 'exit_group']),
    );
    for (const setup of RUNC_SETUP) expect(names, `${setup} is runc's, not the workload's`).not.toContain(setup);
    expect(observation.args.clone?.['0']?.values.length).toBeGreaterThan(0);
    expect(leftovers(label)).toEqual([]);
  });

  it('records a server exercised from the host: bind, listen, accept and the bound port', async (ctx) => {
    requireComponents(ctx, 'engine', 'strace');
    const label = `io.seccompose.test=${randomBytes(4).toString('hex')}`;
    const out = join(dir, 'httpd.json');
    const exercise = 'for i in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$SECCOMPOSE_PORT_8080/"; done';
    const r = runCli([
      'record',
      '--backend',
      'strace',
      '--quiet',
      '--grace',
      '2',
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
      '127.0.0.1::8080',
      IMAGE,
      'httpd',
      '-f',
      '-p',
      '8080',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const observation = await readObservation(out);
    expect(observation.complete).toBe(true);
    expect(observation.bindPorts).toContain(8080);
    expect(Object.keys(observation.syscalls.SCMP_ARCH_X86_64 ?? {})).toEqual(
      expect.arrayContaining(['socket', 'bind', 'listen', 'accept']),
    );
    expect(observation.args.socket?.['0']?.values).toEqual(expect.arrayContaining([10]));
    expect(leftovers(label)).toEqual([]);
  });

  it("never turns a call the baseline refused into an allowed one: unshare under Docker's default is blocked, not a call", async (ctx) => {
    requireComponents(ctx, 'engine', 'strace');
    const out = join(dir, 'unshare.json');
    const r = runCli([
      'record',
      '--backend',
      'strace',
      '--quiet',
      '-o',
      out,
      '--',
      'docker',
      'run',
      '--rm',
      IMAGE,
      'sh',
      '-c',
      'unshare -m true; true',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const observation = await readObservation(out);
    expect(observation.syscalls.SCMP_ARCH_X86_64).not.toHaveProperty('unshare');
    expect(observation.blocked.SCMP_ARCH_X86_64?.unshare).toBe(1);
    const profile = join(dir, 'unshare-profile.json');
    const g = runCli(['generate', out, '-o', profile]);
    expect(g.code, g.stderr).toBe(0);
    expect(g.stderr).toMatch(/high-risk syscalls still allowed: none/);
  });
});
