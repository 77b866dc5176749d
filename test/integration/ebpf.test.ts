import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/docker.js';
import { parseDockerRun } from '../../src/engine/run-args.js';
import { processRunner } from '../../src/exec/run.js';
import { createLogger } from '../../src/log.js';
import type { Observation } from '../../src/model/observation.js';
import { loadProfile } from '../../src/profile/load.js';
import { recordContainer } from '../../src/record/container.js';
import type { DrivePlan } from '../../src/workload/drive.js';
import { createEbpfBackend } from '../../src/trace/ebpf/backend.js';
import { ebpfProgram } from '../../src/trace/ebpf/program.js';
import { requireComponents } from '../helpers/environment.js';

const engine = new DockerEngine(processRunner);
const logger = createLogger('warn');
const signal = new AbortController().signal;
/** What runc does to set a container up, before the entrypoint: never workload evidence. */
const RUNC_SETUP = [
  'pivot_root',
  'mount',
  'umount2',
  'sethostname',
  'keyctl',
  'seccomp',
  'capset',
  'setgroups',
  'mknodat',
  'symlinkat',
];
/** Each step has a syscall the assertions look for; `unshare` is denied by Docker's default. */
const SCRIPT =
  'mkdir /tmp/d && echo x > /tmp/d/f && mv /tmp/d/f /tmp/d/g && ln -s g /tmp/d/l && rm -r /tmp/d && (sleep 0.1 &) ; unshare -r true; wait';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seccompose-ebpf-test-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function record(dockerArgs: string[], plan: Partial<DrivePlan> = {}): Promise<Observation> {
  const docker = await loadProfile('docker-default');
  const spec = parseDockerRun(['docker', 'run', ...dockerArgs]);
  const { observation } = await recordContainer(
    {
      spec,
      backend: createEbpfBackend(),
      backendVersion: '0.17.0',
      baseline: { label: 'docker-default', profile: docker.profile },
      graceS: 5,
      readyTimeoutS: 60,
      exerciseTimeoutS: 600,
      ...plan,
    },
    { engine, runner: processRunner, logger, signal },
  );
  return observation;
}

function names(observation: Observation, arch: keyof Observation['syscalls'] = 'SCMP_ARCH_X86_64'): string[] {
  return Object.keys(observation.syscalls[arch] ?? {});
}

function grantedCaps(observation: Observation): string[] {
  return Object.entries(observation.capabilities)
    .filter(([, use]) => use.source === 'observed' && use.granted > 0)
    .map(([name]) => name);
}

/** A 125-byte static i386 ELF: getpid, getpid, getppid, exit(0) through int 0x80. */
function i386Binary(): Buffer {
  const base = 0x08048000;
  const code = Buffer.from('b814000000cd80b814000000cd80b840000000cd80b80100000031dbcd80', 'hex');
  const size = 52 + 32 + code.length;
  const elf = Buffer.alloc(size);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]).copy(elf, 0);
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(3, 18); // EM_386
  elf.writeUInt32LE(1, 20);
  elf.writeUInt32LE(base + 84, 24); // entry
  elf.writeUInt32LE(52, 28); // phoff
  elf.writeUInt16LE(52, 40);
  elf.writeUInt16LE(32, 42);
  elf.writeUInt16LE(1, 44);
  const ph = [1, 0, base, base, size, size, 5, 0x1000];
  ph.forEach((v, i) => elf.writeUInt32LE(v, 52 + i * 4));
  code.copy(elf, 84);
  return elf;
}

describe('ebpf backend on the real engine', () => {
  it.for(['id', 'inode'] as const)(
    'has a program bpftrace compiles against this kernel (namespace key: %s)',
    async (key, ctx) => {
      requireComponents(ctx, 'bpftrace');
      const file = join(dir, `program-${key}.bt`);
      await writeFile(file, ebpfProgram(key));
      const dry = await processRunner.run('bpftrace', ['-d', file]);
      expect(dry.exitCode, dry.stderr).toBe(0);
    },
  );

  it("records a busybox shell workload under Docker's default, without runc's setup", async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const observation = await record(['--rm', 'seccompose/busybox:1', 'sh', '-c', SCRIPT]);
    expect(observation.complete, observation.incompleteReasons.join('; ')).toBe(true);
    expect(observation.backend.name).toBe('ebpf');
    expect(names(observation)).toEqual(
      expect.arrayContaining([
        'mkdir',
        'rename',
        'symlink',
        'unlink',
        'rmdir',
        'execve',
        'clone',
        'wait4',
        'exit_group',
      ]),
    );
    for (const name of RUNC_SETUP) expect(names(observation)).not.toContain(name);
    expect(observation.blocked.SCMP_ARCH_X86_64?.unshare).toBe(1);
    expect(names(observation)).not.toContain('unshare');
    expect(observation.diagnostics.lostEvents).toBe(0);
  });

  it("counts a docker exec process (the runtime's exec into the container), not the runtime's setup for it", async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    // sleep never lists a directory: getdents64 can only come from the exec'd ls.
    const exercise = 'docker exec "$SECCOMPOSE_CONTAINER_ID" ls -R /etc >/dev/null';
    const observation = await record(['seccompose/busybox:1', 'sleep', '60'], { exercise });
    expect(observation.complete, observation.incompleteReasons.join('; ')).toBe(true);
    expect(names(observation)).toContain('getdents64');
    for (const name of RUNC_SETUP) expect(names(observation)).not.toContain(name);
    expect(observation.backend.notes.join('\n')).toMatch(
      /2 runtime exec\(s\) into the workload \(entrypoint and docker exec\)/,
    );
  });

  it('counts a 32-bit process as x86', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const binary = join(dir, 'i386');
    await writeFile(binary, i386Binary());
    await chmod(binary, 0o755);
    const observation = await record([
      '-v',
      `${binary}:/i386:ro`,
      'seccompose/busybox:1',
      'sh',
      '-c',
      '/i386; echo $?',
    ]);
    expect(observation.complete, observation.incompleteReasons.join('; ')).toBe(true);
    expect(observation.syscalls.SCMP_ARCH_X86).toEqual({
      exit: { count: 1, errors: 0, firstSeen: 0 },
      getpid: { count: 2, errors: 0, firstSeen: 1 },
      getppid: { count: 1, errors: 0, firstSeen: 2 },
    });
  });

  it('observes CAP_CHOWN and CAP_NET_BIND_SERVICE for a root workload that chowns a file and binds port 80', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    // Docker 20.10+ sets ip_unprivileged_port_start=0 in a container's network namespace, so the
    // kernel checks NET_BIND_SERVICE only when the user restores the classic 1024.
    const script = 'echo x > /tmp/f && chown 1:1 /tmp/f && (nc -l -p 80 & sleep 0.3; kill $!)';
    const observation = await record([
      '--sysctl',
      'net.ipv4.ip_unprivileged_port_start=1024',
      'seccompose/busybox:1',
      'sh',
      '-c',
      script,
    ]);
    expect(observation.complete, observation.incompleteReasons.join('; ')).toBe(true);
    expect(grantedCaps(observation)).toEqual(['CAP_CHOWN', 'CAP_NET_BIND_SERVICE']);
    expect(observation.capabilities.CAP_CHOWN?.evidence[0]).toMatch(/^cap_capable granted \d+ times?$/);
  });

  it('observes no capability for a workload that needs none (denied noaudit checks are not use)', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const observation = await record([
      'seccompose/busybox:1',
      'sh',
      '-c',
      'echo x > /tmp/f && cat /tmp/f && (nc -l -p 80 & sleep 0.3; kill $!)',
    ]);
    expect(observation.complete, observation.incompleteReasons.join('; ')).toBe(true);
    expect(grantedCaps(observation)).toEqual([]);
    expect(observation.capabilities.CAP_SYS_ADMIN?.granted ?? 0).toBe(0);
  });

  it('records a container that exits before it can be inspected', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const observation = await record(['seccompose/busybox:1', 'true']);
    expect(observation.complete, observation.incompleteReasons.join('; ')).toBe(true);
    expect(names(observation)).toEqual(expect.arrayContaining(['arch_prctl', 'exit_group']));
    // The entrypoint's own execve is made by the runtime (runc:[2:INIT]): runtime set, not workload.
    for (const name of [...RUNC_SETUP, 'execve']) expect(names(observation)).not.toContain(name);
    expect(observation.backend.notes.join('\n')).toMatch(
      /counted by mount namespace id \d+, found by (the runtime's exec by init pid|the container's hostname)/,
    );
  });

  it('records nginx serving real requests, with its capabilities observed', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const exercise =
      'for i in 1 2 3 4 5; do curl -sf "http://127.0.0.1:$SECCOMPOSE_PORT_80/" >/dev/null || exit 1; done';
    const observation = await record(['-p', '127.0.0.1::80', 'seccompose/nginx:1'], { exercise });
    expect(observation.complete, observation.incompleteReasons.join('; ')).toBe(true);
    const served = names(observation);
    expect(served).toEqual(
      expect.arrayContaining([
        'accept4',
        'epoll_wait',
        'recvfrom',
        'openat',
        'bind',
        'listen',
        'setuid',
        'setgid',
        'rt_sigsuspend',
      ]),
    );
    expect(served.some((n) => n === 'sendfile' || n === 'writev')).toBe(true);
    for (const name of ['pivot_root', 'mount', 'umount2', 'sethostname', 'keyctl', 'seccomp'])
      expect(served).not.toContain(name);
    expect(grantedCaps(observation)).toEqual(expect.arrayContaining(['CAP_SETGID', 'CAP_SETUID']));
    expect(grantedCaps(observation)).not.toContain('CAP_SYS_ADMIN');
  });
});
