import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/model/observation.js';
import { readObservation } from '../../src/model/read-observation.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';

const IMAGE = 'seccompose/busybox:1';
/** Work in a loop (files, directory listing, a fork per command), and an exit on SIGTERM so verify's stop passes. */
const LOOP = 'trap "exit 0" TERM; while true; do cat /etc/hostname >/dev/null; ls / >/dev/null; sleep 0.3; done';
/** What runc does to set a container (or a docker exec) up: never workload evidence. */
const RUNC_SETUP = ['pivot_root', 'mount', 'umount2', 'sethostname', 'keyctl', 'seccomp', 'capset', 'setgroups'];

let dir: string;
const containers: string[] = [];

/** Start a container of ours running `script` (the loop by default); returns its name. */
function startLoop(script = LOOP): string {
  const name = `seccompose-attach-${randomBytes(4).toString('hex')}`;
  const r = spawnSync('docker', ['run', '-d', '--name', name, IMAGE, 'sh', '-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`docker run failed: ${r.stderr}`);
  containers.push(name);
  return name;
}

function inspect(name: string): { running: boolean; pid: number; startedAt: string } {
  const r = spawnSync(
    'docker',
    ['inspect', '--format', '{{.State.Running}} {{.State.Pid}} {{.State.StartedAt}}', name],
    {
      encoding: 'utf8',
    },
  );
  const [running, pid, startedAt] = r.stdout.trim().split(' ');
  return { running: running === 'true', pid: Number(pid), startedAt: startedAt ?? '' };
}

const names = (o: Observation) => Object.keys(o.syscalls.SCMP_ARCH_X86_64 ?? {});

/**
 * `record --attach NAME -o OUT` until SIGINT, sent `waitMs` after `attached to` to the CLI alone or,
 * as a terminal's Ctrl-C, to its whole process group (bpftrace included).
 */
async function attachUntilSigint(
  name: string,
  out: string,
  how: { waitMs: number; group: boolean },
): Promise<{ code: number | null; stderr: string }> {
  const started = performance.now();
  const child = spawn(join(repoRoot, 'bin/seccompose'), ['record', '--attach', name, '-o', out], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: how.group,
  });
  let stderr = '';
  const attached = new Promise<number>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/attached to /.test(stderr)) resolve(performance.now() - started);
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const attachMs = await Promise.race([attached, exited.then(() => Number.NaN)]);
  expect(Number.isFinite(attachMs), stderr).toBe(true);
  process.stderr.write(`attach: ${Math.round(attachMs)} ms from spawning the CLI to "attached to"\n`);
  await new Promise((resolve) => setTimeout(resolve, how.waitMs));
  process.kill(how.group ? -child.pid! : child.pid!, 'SIGINT');
  return { code: await exited, stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seccompose-attach-test-'));
});
afterAll(async () => {
  if (containers.length > 0) spawnSync('docker', ['rm', '-f', ...containers]);
  await rm(dir, { recursive: true, force: true });
});

describe('seccompose record --attach (real engine, ebpf)', () => {
  it('records a running container for --duration 3: the loop’s calls, complete, start-up not seen, still running', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const name = startLoop();
    const before = inspect(name);
    const out = join(dir, 'duration.obs.json');
    const r = runCli(['record', '--attach', name, '-o', out, '--duration', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/start-up syscalls were not seen/);
    const o = await readObservation(out);
    expect(o.complete, o.incompleteReasons.join('; ')).toBe(true);
    expect(o.workload).toMatchObject({ kind: 'container', image: IMAGE, attached: { container: name } });
    for (const call of ['openat', 'getdents64', 'execve', 'wait4', 'clock_nanosleep', 'write'])
      expect(names(o)).toContain(call);
    expect(o.backend.notes.join('\n')).toMatch(/its start-up syscalls were not seen/);
    expect(o.exit).toEqual({ code: null, signal: null });
    expect(o.durationMs).toBeGreaterThanOrEqual(2900);
    expect(inspect(name)).toEqual(before);
  }, 120_000);

  it('ends normally on SIGINT: exit 0, complete, the container untouched', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const name = startLoop();
    const before = inspect(name);
    const out = join(dir, 'sigint.obs.json');
    const { code, stderr } = await attachUntilSigint(name, out, { waitMs: 2000, group: false });
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('interrupted, ending the attach and writing the observations');
    const o = await readObservation(out);
    expect(o.complete, o.incompleteReasons.join('; ')).toBe(true);
    expect(o.backend.notes).toContain('attach: ended by Ctrl-C (SIGINT/SIGTERM), the normal end of an attach');
    expect(names(o)).toContain('getdents64');
    expect(inspect(name)).toEqual(before);
  }, 120_000);

  // A terminal's Ctrl-C signals the whole foreground process group: bpftrace gets a SIGINT of its
  // own, then seccompose's stop. A stop by SIGINT killed bpftrace when it landed while bpftrace
  // printed its maps (SIGINT is back at its default action then).
  it('ends normally on a Ctrl-C at the terminal right after `attached to`, three times in a row', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const name = startLoop();
    for (let run = 0; run < 3; run++) {
      const out = join(dir, `ctrl-c-${run}.obs.json`);
      const { code, stderr } = await attachUntilSigint(name, out, { waitMs: 0, group: true });
      expect(code, stderr).toBe(0);
      const o = await readObservation(out);
      expect(o.complete, o.incompleteReasons.join('; ')).toBe(true);
    }
    expect(inspect(name).running).toBe(true);
  }, 180_000);

  it('counts a docker exec run by --exercise, without the runtime’s set-up, and stops when the exercise ends', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const name = startLoop();
    const out = join(dir, 'exercise.obs.json');
    const r = runCli([
      'record',
      '--attach',
      name,
      '-o',
      out,
      '--exercise',
      'docker exec "$SECCOMPOSE_CONTAINER_NAME" ls -R /etc >/dev/null',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const o = await readObservation(out);
    expect(o.complete, o.incompleteReasons.join('; ')).toBe(true);
    expect(o.backend.notes.join('\n')).toMatch(/[1-9]\d* docker exec\(s\) during the attach/);
    expect(o.backend.notes).toContain('attach: ended when the exercise ended');
    for (const call of RUNC_SETUP) expect(names(o)).not.toContain(call);
    expect(inspect(name).running).toBe(true);
  }, 120_000);

  it('attaches to two containers at once, -o DIR, and ends when one of them exits (its exit code kept)', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const looping = startLoop();
    // It ends when the test says so, once the tracer is attached: never before it is in place.
    const ending = startLoop('while [ ! -e /tmp/go ]; do sleep 0.2; done; ls /etc >/dev/null; exit 3');
    const out = join(dir, 'two');
    const child = spawn(join(repoRoot, 'bin/seccompose'), ['record', '--attach', looping, ending, '-o', out], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const attached = new Promise<boolean>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/attached to /.test(stderr)) resolve(true);
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    expect(await Promise.race([attached, exited.then(() => false)]), stderr).toBe(true);
    // The loop copies a file every 0.3 s, but the window until the other container ends can be
    // shorter under load: one copy made now, while attached, is certain (busybox cat: sendfile).
    spawnSync('docker', ['exec', looping, 'cat', '/etc/hostname']);
    spawnSync('docker', ['exec', ending, 'touch', '/tmp/go']);
    expect(await exited, stderr).toBe(0);
    const a = await readObservation(join(out, `${looping}.obs.json`));
    const b = await readObservation(join(out, `${ending}.obs.json`));
    expect([a.complete, b.complete]).toEqual([true, true]);
    expect(a.exit).toEqual({ code: null, signal: null });
    expect(b.exit).toEqual({ code: 3, signal: null });
    expect(b.backend.notes).toContain('attach: ended when a container exited');
    expect(names(b)).toEqual(expect.arrayContaining(['getdents64', 'exit_group']));
    // Counted per container: only the looping container's cat copies a file.
    expect(names(a)).toContain('sendfile');
    expect(names(b)).not.toContain('sendfile');
    expect(inspect(looping).running).toBe(true);
  }, 120_000);

  it('an idle container makes no call while attached: still complete, and said so', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const name = startLoop('sleep 600');
    const out = join(dir, 'idle.obs.json');
    const r = runCli(['record', '--attach', name, '-o', out, '--duration', '2']);
    expect(r.code, r.stderr).toBe(0);
    const o = await readObservation(out);
    expect(o.complete, o.incompleteReasons.join('; ')).toBe(true);
    expect(names(o)).toEqual([]);
    expect(o.backend.notes).toContain('ebpf: the container made no syscall while attached (bpftrace ended cleanly)');
  }, 60_000);

  it('refuses other backends, unknown and stopped containers with exit 2 and what to do', (ctx) => {
    requireComponents(ctx, 'engine');
    const audit = runCli(['record', '--attach', 'whatever', '--backend', 'audit', '-o', join(dir, 'x.json')]);
    expect(audit.code).toBe(2);
    expect(audit.stderr).toMatch(/--attach needs the ebpf backend, not --backend audit/);
    const missing = `seccompose-attach-missing-${randomBytes(4).toString('hex')}`;
    const unknown = runCli(['record', '--attach', missing, '-o', join(dir, 'x.json')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`--attach ${missing}: there is no such container`);
    expect(unknown.stderr).toContain('docker ps');
    const stopped = `seccompose-attach-${randomBytes(4).toString('hex')}`;
    spawnSync('docker', ['create', '--name', stopped, IMAGE, 'true']);
    containers.push(stopped);
    const notRunning = runCli(['record', '--attach', stopped, '-o', join(dir, 'x.json')]);
    expect(notRunning.code).toBe(2);
    expect(notRunning.stderr).toContain(`--attach ${stopped}: the container is not running (status created)`);
  }, 60_000);

  it('generate: attach + a start-up recording of the same image gives a profile verify passes; alone it warns', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const name = startLoop();
    const attachedObs = join(dir, 'gen-attach.obs.json');
    const startObs = join(dir, 'gen-start.obs.json');
    expect(runCli(['record', '-q', '--attach', name, '-o', attachedObs, '--duration', '3']).code).toBe(0);
    const start = runCli([
      'record',
      '-q',
      '-o',
      startObs,
      '--duration',
      '2',
      '--',
      'docker',
      'run',
      IMAGE,
      'sh',
      '-c',
      LOOP,
    ]);
    expect(start.code, start.stderr).toBe(0);
    const alone = runCli(['generate', attachedObs, '-o', join(dir, 'alone.json')]);
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stderr).toMatch(/warning: gen-attach\.obs\.json was recorded by attaching .* may lack them/);
    const profile = join(dir, 'merged.json');
    const merged = runCli(['generate', attachedObs, startObs, '-o', profile]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).not.toMatch(/warning: .*attaching/);
    const verify = runCli(['verify', profile, '--duration', '3', '--', 'docker', 'run', IMAGE, 'sh', '-c', LOOP]);
    expect(verify.code, `${verify.stdout}\n${verify.stderr}`).toBe(0);
  }, 240_000);
});
