/**
 * What recording costs, measured side by side in one run (medians over interleaved rounds,
 * SECCOMPOSE_BENCH_RUNS, default 5). Each round runs one session per setup, in a rotating order:
 * - `none`: nothing attached;
 * - `ebpf`: the ebpf backend recording the container (prepare → started → collect);
 * - `floor`: the cheapest in-kernel count bpftrace 0.17 can make, `raw_syscalls:sys_enter` for
 *   the container's mount namespace into a key-less count (a BPF per-CPU array; a keyed count is a
 *   per-CPU hash in 0.17, so an array indexed by syscall number cannot be written in bpftrace);
 * - `audit`: the audit backend recording the container (its log grows per call, so its container
 *   runs AUDIT_DD_COUNT calls; compared per call).
 * In each session the container waits at a gate while a host `dd` (not recorded) runs beside
 * the recording, then runs its own `dd bs=1`, timed inside the container (/proc/uptime, 10 ms).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processRunner, type Spawned } from '../src/exec/run.js';
import { withTempDir } from '../src/io/temp-dir.js';
import { silentLogger } from '../src/log.js';
import { builtinProfilePath, loadProfile } from '../src/profile/load.js';
import type { ContainerBackend, TraceContext } from '../src/record/backend.js';
import { createAuditBackend } from '../src/trace/audit/backend.js';
import { createEbpfBackend } from '../src/trace/ebpf/backend.js';
import { readMountNamespace } from '../src/trace/ebpf/mount-namespace.js';
import type { BenchRow } from './types.js';

const IMAGE = 'seccompose/busybox:1';
const DD_COUNT = 3_000_000;
const AUDIT_DD_COUNT = 50_000;
const HOST_DD = ['if=/dev/zero', 'of=/dev/null', 'bs=1', `count=${DD_COUNT}`];
const SETUPS = ['none', 'ebpf', 'floor', 'audit'] as const;
type Setup = (typeof SETUPS)[number];
const READY = 'SECCOMPOSE_BENCH_FLOOR_READY';

interface Session {
  /** Host dd wall time beside the recording, seconds. */
  hostS: number;
  /** The container's dd, timed inside it, seconds. */
  insideS: number;
  /** Syscalls the recorder counted for the container (ebpf, floor, audit). */
  counted: number;
  /** Spawn → probes attached, ms (ebpf, floor). */
  attachMs: number;
}

/** Waits for /gate/go, then times `dd bs=1 count=N` with /proc/uptime and prints start and end. */
function containerScript(count: number): string {
  return `while [ ! -e /gate/go ]; do sleep 0.05; done; read a x </proc/uptime; dd if=/dev/zero of=/dev/null bs=1 count=${count} 2>/dev/null; read b x </proc/uptime; echo "$a $b"`;
}

async function docker(args: string[]): Promise<string> {
  const result = await processRunner.run('docker', args, { timeoutMs: 600_000 });
  if (result.exitCode !== 0)
    throw new Error(`docker ${args[0]} failed: ${result.stderr.trim()} (run \`bash scripts/setup\` to build ${IMAGE})`);
  return result.stdout.trim();
}

async function hostDd(): Promise<number> {
  const started = performance.now();
  const result = await processRunner.run('dd', HOST_DD, { timeoutMs: 600_000 });
  if (result.exitCode !== 0) throw new Error(`host dd failed: ${result.stderr.trim()}`);
  return (performance.now() - started) / 1000;
}

/** The floor program: nothing but a namespace test and a key-less (per-CPU array) count. */
function floorProgram(inode: string): string {
  return `BEGIN { printf("${READY}\\n"); }
tracepoint:raw_syscalls:sys_enter /curtask->nsproxy->mnt_ns->ns.inum == ${inode}/ { @n = count(); }`;
}

async function startFloor(inode: string): Promise<{ child: Spawned; attachMs: number; output: Promise<string> }> {
  const started = performance.now();
  const child = processRunner.spawn('bpftrace', ['-f', 'json', '-e', floorProgram(inode)], {
    streamStdout: true,
    timeoutMs: 600_000,
  });
  let text = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes(READY)) resolve();
    });
    child.result.then((r) => reject(new Error(`floor bpftrace exited: ${r.stderr.trim()}`)));
  });
  await ready;
  const attachMs = performance.now() - started;
  const output = child.result.then(() => text);
  return { child, attachMs, output };
}

/** The floor's count from bpftrace's JSON map line. */
function floorCount(text: string): number {
  const match = /"@n":\s*(\d+)/.exec(text);
  if (!match) throw new Error(`floor bpftrace printed no count: ${text.slice(-300)}`);
  return Number(match[1]);
}

function sumCalls(syscalls: Record<string, Record<string, { count: number }> | undefined>): number {
  return Object.values(syscalls).reduce((n, m) => n + Object.values(m ?? {}).reduce((k, u) => k + u.count, 0), 0);
}

async function session(setup: Setup, context: TraceContext, gateDir: string, round: number): Promise<Session> {
  const profile = (await loadProfile('docker-default')).profile;
  const ebpf = setup === 'ebpf' ? createEbpfBackend() : undefined;
  const backend: ContainerBackend | undefined = ebpf ?? (setup === 'audit' ? createAuditBackend() : undefined);
  const gate = join(gateDir, `${setup}-${round}`);
  await mkdir(gate, { recursive: true });
  let floor: Awaited<ReturnType<typeof startFloor>> | undefined;
  let id = '';
  try {
    const prepared = backend ? await backend.prepare(context, profile) : undefined;
    const dockerArgs = prepared?.dockerArgs ?? ['--security-opt', `seccomp=${builtinProfilePath('docker-default')}`];
    const count = setup === 'audit' ? AUDIT_DD_COUNT : DD_COUNT;
    const name = `seccompose-bench-wt-ebpf-${setup}-${round}-${process.pid}`;
    id = await docker([
      'run',
      '-d',
      '--name',
      name,
      '-v',
      `${gate}:/gate:ro`,
      ...dockerArgs,
      IMAGE,
      'sh',
      '-c',
      containerScript(count),
    ]);
    const pid = Number(await docker(['inspect', '--format', '{{.State.Pid}}', id]));
    const container = { id, name, pid };
    await backend?.started(context, container);
    if (setup === 'floor') {
      const inode = await readMountNamespace(pid);
      if (!inode) throw new Error(`floor: mount namespace of container pid ${pid} not readable`);
      floor = await startFloor(inode);
    }
    const hostS = await hostDd();
    await writeFile(join(gate, 'go'), '');
    await docker(['wait', id]);
    const [a, b] = (await docker(['logs', id])).split(/\s+/).map(Number);
    if (!Number.isFinite(a) || !Number.isFinite(b)) throw new Error(`container ${name} printed no timing`);
    let counted = 0;
    if (backend) {
      const evidence = await backend.collect(context, container);
      if (evidence.incompleteReasons.length > 0)
        throw new Error(`${setup} recording incomplete: ${evidence.incompleteReasons.join('; ')}`);
      counted = sumCalls(evidence.syscalls);
    }
    if (floor) {
      floor.child.kill('SIGINT');
      counted = floorCount(await floor.output);
    }
    return { hostS, insideS: b! - a!, counted, attachMs: ebpf?.attachMs ?? floor?.attachMs ?? 0 };
  } finally {
    floor?.child.kill('SIGKILL');
    await backend?.dispose(context);
    if (id) await processRunner.run('docker', ['rm', '-f', id]);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median of the per-round values, with their range. */
function summary(values: readonly number[], digits = 2): { value: number; range: string } {
  return {
    value: median(values),
    range: `rounds ${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`,
  };
}

export async function benchRecordEbpf(): Promise<BenchRow[]> {
  const rounds = Number(process.env.SECCOMPOSE_BENCH_RUNS ?? 5);
  return withTempDir('bench-ebpf', async (tempDir) => {
    const context: TraceContext = {
      runner: processRunner,
      logger: silentLogger(),
      signal: new AbortController().signal,
      tempDir,
    };
    for (const backend of [createEbpfBackend(), createAuditBackend()]) {
      const probe = await backend.probe(context);
      if (!probe.ok) throw new Error(`${backend.name} backend unavailable: ${probe.reason} (${probe.hint})`);
    }
    const runs: Record<Setup, Session[]> = { none: [], ebpf: [], floor: [], audit: [] };
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < SETUPS.length; k++) {
        const setup = SETUPS[(round + k) % SETUPS.length]!;
        runs[setup].push(await session(setup, context, tempDir, round));
      }
    }
    return rows(runs, rounds);
  });
}

function rows(runs: Record<Setup, Session[]>, rounds: number): BenchRow[] {
  const perRound = (f: (i: number) => number) => Array.from({ length: rounds }, (_, i) => f(i));
  const inside = (s: Setup, i: number) => runs[s][i]!.insideS;
  const host = (s: Setup, i: number) => runs[s][i]!.hostS;
  const calls = 2 * DD_COUNT;
  const extraNs = (s: Setup, i: number) => ((inside(s, i) - inside('none', i)) / calls) * 1e9;
  const auditExtraNs = (i: number) => (inside('audit', i) / (2 * AUDIT_DD_COUNT) - inside('none', i) / calls) * 1e9;
  const secs = (v: number) => `${v.toFixed(2)} s`;
  const rec = summary(perRound((i) => inside('ebpf', i) / inside('none', i)));
  const flo = summary(perRound((i) => inside('floor', i) / inside('none', i)));
  const hostE = summary(perRound((i) => host('ebpf', i) / host('none', i)));
  const hostF = summary(perRound((i) => host('floor', i) / host('none', i)));
  const hostA = summary(perRound((i) => host('audit', i) / host('none', i)));
  const audit = summary(perRound((i) => inside('audit', i) / (2 * AUDIT_DD_COUNT) / (inside('none', i) / calls)));
  const attach = runs.ebpf.map((s) => s.attachMs);
  const floorAttach = runs.floor.map((s) => s.attachMs);
  const dd = `dd if=/dev/zero of=/dev/null bs=1 count=${DD_COUNT}`;
  const times = (s: Setup, f: (s: Session) => number) => secs(median(runs[s].map(f)));
  return [
    {
      name: `container ${dd}: ebpf-recorded ÷ unrecorded (target ≤1.3x)`,
      value: rec.value,
      unit: 'x',
      note: `median of ${rounds}, ${rec.range}; ${times('ebpf', (s) => s.insideS)} vs ${times('none', (s) => s.insideS)} inside the container; ${median(runs.ebpf.map((s) => s.counted))} syscalls counted`,
    },
    {
      name: 'same, floor (sys_enter, one namespace, per-CPU array count) ÷ unrecorded',
      value: flo.value,
      unit: 'x',
      note: `${flo.range}; ${times('floor', (s) => s.insideS)}; ${median(runs.floor.map((s) => s.counted))} sys_enter counted`,
    },
    {
      name: 'ebpf extra cost per container syscall / floor extra cost',
      value: median(perRound((i) => extraNs('ebpf', i))),
      unit: 'ns',
      note: `floor ${median(perRound((i) => extraNs('floor', i))).toFixed(0)} ns; audit ${median(perRound(auditExtraNs)).toFixed(0)} ns (dd count=${AUDIT_DD_COUNT})`,
    },
    {
      name: `host ${dd} (not recorded) beside an ebpf recording ÷ alone (target ≤1.1x)`,
      value: hostE.value,
      unit: 'x',
      note: `${hostE.range}; ${times('ebpf', (s) => s.hostS)} vs ${times('none', (s) => s.hostS)}`,
    },
    {
      name: 'same, beside the floor program ÷ alone',
      value: hostF.value,
      unit: 'x',
      note: `${hostF.range}; ${times('floor', (s) => s.hostS)}`,
    },
    {
      name: 'same, beside an audit recording ÷ alone',
      value: hostA.value,
      unit: 'x',
      note: `${hostA.range}; ${times('audit', (s) => s.hostS)}`,
    },
    {
      name: `audit-recorded container dd count=${AUDIT_DD_COUNT}: time per call ÷ unrecorded`,
      value: audit.value,
      unit: 'x',
      note: `${audit.range}; ${times('audit', (s) => s.insideS)} inside for ${median(runs.audit.map((s) => s.counted))} calls attributed`,
    },
    {
      name: 'ebpf attach latency (spawn → every probe attached; target ≤1 s)',
      value: Math.round(median(attach)),
      unit: 'ms',
      note: `min ${Math.round(Math.min(...attach))}, max ${Math.round(Math.max(...attach))}; floor program ${Math.round(median(floorAttach))} ms`,
    },
  ];
}
