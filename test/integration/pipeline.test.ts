import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { requireComponents, type Component } from '../helpers/environment.js';
import {
  containersWith,
  type Pipeline,
  recordAndGenerate,
  removeContainers,
  replayUnder,
  symmetricDifference,
  syscallNames,
  type Workload,
} from '../helpers/pipeline.js';

// End to end on the real engine: record → generate → diff/lint → run under the result.
const COMPONENTS: Component[] = ['engine', 'bpftrace', 'auditd'];
const LABEL = `io.seccompose.test=pipeline-${randomBytes(4).toString('hex')}`;

const nginx: Workload = {
  key: 'nginx',
  dockerArgs: ['--label', LABEL, 'seccompose/nginx:1'],
  exercise:
    'for i in $(seq 20); do curl -fsS --max-time 5 "http://$SECCOMPOSE_CONTAINER_IP/" | grep -q "Welcome to nginx" || exit 1; done',
};
const shell: Workload = {
  key: 'shell',
  dockerArgs: ['--label', LABEL, 'seccompose/workload:1', '--mkdir', '--syscalls', '200'],
};
// Docker >= 20.10 lets containers bind <1024 without the capability unless the sysctl says otherwise.
const caps: Workload = {
  key: 'caps',
  dockerArgs: [
    '--label',
    LABEL,
    '--sysctl',
    'net.ipv4.ip_unprivileged_port_start=1024',
    '-p',
    '127.0.0.1::80',
    'seccompose/workload:1',
    '--chown',
    '--bind80',
  ],
  exercise: 'curl -fsS --max-time 5 "http://$SECCOMPOSE_CONTAINER_IP/" | grep -q "seccompose workload"',
};
const PLAN: [Workload, string[]][] = [
  [nginx, ['ebpf', 'audit']],
  [shell, ['ebpf', 'audit']],
  [caps, ['ebpf']],
];

/**
 * Names the two backends may disagree on. Both cut the runtime off at the entrypoint's exec and
 * neither sees calls the filter blocks, so the sets were identical in every measured run; the two
 * recordings are separate runs, though, and whether a signal handler returns inside the window is
 * timing (nginx's master handles SIGCHLD/SIGALRM; Go's preemption signals reach runc's init).
 */
const DOCUMENTED_DIFFERENCES = new Set(['rt_sigreturn']);

let dir: string;
let available = true;
const runs = new Map<string, Pipeline>();
const run = (key: string, backend: string): Pipeline => runs.get(`${key}/${backend}`)!;

beforeAll(async () => {
  requireComponents({ skip: () => void (available = false) }, ...COMPONENTS);
  dir = await mkdtemp(join(tmpdir(), 'seccompose-pipeline-'));
  if (!available) return;
  for (const [workload, backends] of PLAN) {
    for (const backend of backends) {
      const p = recordAndGenerate(dir, workload, backend);
      runs.set(`${workload.key}/${backend}`, p);
      console.log(`${workload.key}/${backend}: recorded and generated in ${p.seconds.toFixed(1)} s`);
    }
  }
});

afterAll(async () => {
  removeContainers(containersWith(LABEL));
  await rm(dir, { recursive: true, force: true });
});

const MARKERS: Record<string, string[]> = {
  nginx: ['accept4', 'sendfile', 'writev'],
  shell: ['mkdir', 'rename', 'rmdir'],
};

describe.each([nginx, shell])('pipeline: $key', (workload) => {
  it('ebpf and audit record the same syscalls, up to documented differences', (ctx) => {
    requireComponents(ctx, ...COMPONENTS);
    const [ebpf, audit] = [run(workload.key, 'ebpf'), run(workload.key, 'audit')];
    for (const p of [ebpf, audit]) {
      expect(p.observation).toMatchObject({ complete: true, exit: { code: 0, signal: null } });
      expect(syscallNames(p.observation)).toEqual(expect.arrayContaining(MARKERS[workload.key]!));
    }
    const [e, a] = [syscallNames(ebpf.observation), syscallNames(audit.observation)];
    const { onlyA, onlyB } = symmetricDifference(e, a);
    const calls = (p: Pipeline) =>
      Object.values(p.observation.syscalls.SCMP_ARCH_X86_64 ?? {}).reduce((n, u) => n + u.count, 0);
    console.log(
      `${workload.key}: ebpf ${e.length} names (${calls(ebpf)} calls), audit ${a.length} (${calls(audit)} calls); only ebpf [${onlyA.join(' ')}], only audit [${onlyB.join(' ')}]`,
    );
    console.log(`${workload.key}: ${e.join(' ')}`);
    expect([...onlyA, ...onlyB].filter((n) => !DOCUMENTED_DIFFERENCES.has(n))).toEqual([]);
  });

  it.for(['ebpf', 'audit'])(
    "the %s profile allows under 40 percent of the names Docker's default allows",
    (backend, ctx) => {
      requireComponents(ctx, ...COMPONENTS);
      const r = runCli(['diff', 'docker-default', run(workload.key, backend).profilePath, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const { oldAllowed, newAllowed, nativeAbi } = JSON.parse(r.stdout).summary;
      console.log(
        `${workload.key}/${backend}: allowed ${newAllowed} vs docker-default ${oldAllowed} (x86_64 ABI: ${nativeAbi.newAllowed} vs ${nativeAbi.oldAllowed})`,
      );
      expect(newAllowed).toBeGreaterThan(0);
      expect(newAllowed).toBeLessThan(0.4 * oldAllowed);
    },
  );

  it.for(['ebpf', 'audit'])(
    'runs under the %s profile with --cap-drop ALL and the emitted caps',
    async (backend, ctx) => {
      requireComponents(ctx, ...COMPONENTS);
      const p = run(workload.key, backend);
      expect(p.securityArgs).toEqual(
        expect.arrayContaining(['--cap-drop', 'ALL', '--security-opt', `seccomp=${p.profilePath}`]),
      );
      const replay = await replayUnder(workload, p.securityArgs);
      if (workload.exercise) expect(replay.exerciseCode, replay.exerciseStderr).toBe(0);
      expect(replay.exitCode, replay.logs).toBe(0);
    },
  );
});

describe('pipeline: capabilities', () => {
  it('chown + bind :80 as root: CHOWN and NET_BIND_SERVICE observed, in cap_add, and enough to serve', async (ctx) => {
    requireComponents(ctx, ...COMPONENTS);
    const p = run('caps', 'ebpf');
    expect(p.observation).toMatchObject({ complete: true, exit: { code: 0, signal: null } });
    for (const cap of ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE']) {
      expect(p.observation.capabilities[cap]).toMatchObject({ source: 'observed', granted: expect.any(Number) });
      expect(p.observation.capabilities[cap]!.granted).toBeGreaterThan(0);
    }
    expect([...p.capAdd].sort()).toEqual(['CHOWN', 'NET_BIND_SERVICE']);
    const replay = await replayUnder(caps, p.securityArgs);
    expect(replay.exerciseCode, replay.exerciseStderr).toBe(0);
    expect(replay.exitCode, replay.logs).toBe(0);
    // Control: without NET_BIND_SERVICE the same container cannot bind :80 (the cap is really needed).
    const withoutBind = p.securityArgs.filter(
      (a, i, all) => a !== 'NET_BIND_SERVICE' && all[i + 1] !== 'NET_BIND_SERVICE',
    );
    const denied = await replayUnder({ key: 'caps', dockerArgs: caps.dockerArgs }, withoutBind);
    expect(denied.logs).toMatch(/bind: Permission denied/);
  });

  it.for(['ebpf', 'audit'])(
    'a workload that needs none (%s) gets an empty cap_add after cap_drop ALL',
    (backend, ctx) => {
      requireComponents(ctx, ...COMPONENTS);
      const p = run('shell', backend);
      expect(p.capAdd).toEqual([]);
      expect(p.securityArgs).not.toContain('--cap-add');
    },
  );
});

describe('pipeline: lint and cleanup', () => {
  it('every generated profile lints with zero errors', (ctx) => {
    requireComponents(ctx, ...COMPONENTS);
    const paths = [...runs.values()].map((p) => p.profilePath);
    const r = runCli(['lint', '--json', ...paths]);
    const report = JSON.parse(r.stdout) as { files: unknown[]; summary: { errors: number; warnings: number } };
    expect(report.files).toHaveLength(5);
    expect(report.summary.errors, r.stdout).toBe(0);
    expect(r.code, r.stderr).toBe(0);
  });

  it('leaves no container behind', (ctx) => {
    requireComponents(ctx, ...COMPONENTS);
    expect(containersWith(LABEL)).toEqual([]);
    expect(containersWith(LABEL, 'io.seccompose.recording=1')).toEqual([]);
  });
});
