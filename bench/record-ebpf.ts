/**
 * What recording costs, measured side by side in one run (medians over interleaved rounds,
 * SECCOMPOSE_BENCH_RUNS, default 5). Each round runs one session per setup, in a rotating order:
 * - `none`: nothing attached;
 * - `ebpf`: the ebpf backend recording the container (prepare → started → collect);
 * - `floor`: the cheapest in-kernel count bpftrace 0.17 can make, `raw_syscalls:sys_enter` for
 *   the container's mount namespace into a key-less count (a BPF per-CPU array; a keyed count is a
 *   per-CPU hash in 0.17, even with a constant key, so an array indexed by syscall number cannot
 *   be written in bpftrace);
 * - `floor2`: the floor plus the same count on `raw_syscalls:sys_exit`, the cheapest program that
 *   sees what the recorder needs the exit for (errors, calls the filter in force blocked);
 * - `noop`: no-op programs on the raw tracepoints sys_enter and sys_exit (floors.ts), the kernel's
 *   own price for any syscall tracepoint;
 * - `audit`: the audit backend recording the container (its log grows per call, so its container
 *   runs AUDIT_DD_COUNT calls; compared per call).
 * In each session the container waits at a gate while a host `dd` (not recorded) runs beside
 * the recording, then runs its own `dd bs=1`, timed inside the container. Both are reported as
 * CPU time (user + system, 10 ms ticks: tracing runs in the traced task's context, so it is
 * charged there, while waiting for a CPU another job holds is not) and as wall time; on a
 * shared machine the CPU-time ratios are the ones that mean something.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processRunner } from '../src/exec/run.js';
import { withTempDir } from '../src/io/temp-dir.js';
import { silentLogger } from '../src/log.js';
import { builtinProfilePath, loadProfile } from '../src/profile/load.js';
import type { ContainerBackend, TraceContext } from '../src/trace/backend.js';
import { createAuditBackend } from '../src/trace/audit/backend.js';
import { createEbpfBackend } from '../src/trace/ebpf/backend.js';
import { readMountNamespace } from '../src/trace/ebpf/mount-namespace.js';
import { floorCount, startFloor, startNoop, type Holder } from './floors.js';
import type { BenchRow } from './types.js';

const IMAGE = 'seccompose/busybox:1';
const DD_COUNT = 3_000_000;
const AUDIT_DD_COUNT = 50_000;
const HOST_DD = ['if=/dev/zero', 'of=/dev/null', 'bs=1', `count=${DD_COUNT}`];
const SETUPS = ['none', 'ebpf', 'floor', 'floor2', 'noop', 'audit'] as const;
type Setup = (typeof SETUPS)[number];

/** Seconds of one dd. */
interface Timing {
  wall: number;
  cpu: number;
}

interface Session {
  /** Host dd beside the recording. */
  host: Timing;
  /** The container's dd, timed inside it. */
  inside: Timing;
  /** Syscalls the recorder counted for the container (ebpf, floors: sys_enter, audit). */
  counted: number;
  /** Spawn → probes attached, ms (ebpf, floors). */
  attachMs: number;
}

/**
 * Waits for /gate/go, then runs `dd bs=1 count=N` between two /proc/uptime reads and two `times`
 * (their second lines are the children's user and system time).
 */
function containerScript(count: number): string {
  return `while [ ! -e /gate/go ]; do sleep 0.05; done; read a x </proc/uptime; times; dd if=/dev/zero of=/dev/null bs=1 count=${count} 2>/dev/null; times; read b x </proc/uptime; echo "$a $b"`;
}

/** Seconds of a `times` line such as `0m0.030s 0m1.290s` (user + system). */
function timesSeconds(line: string | undefined): number {
  const parts = [...(line ?? '').matchAll(/(\d+)m([\d.]+)s/g)];
  if (parts.length !== 2) throw new Error(`not a times line: ${line}`);
  return parts.reduce((n, [, m, sec]) => n + Number(m) * 60 + Number(sec), 0);
}

/** The container's dd from its output: wall from /proc/uptime, CPU from the children's times. */
function insideTiming(output: string): Timing {
  const lines = output.trim().split('\n');
  const [a, b] = (lines[4] ?? '').split(/\s+/).map(Number);
  if (lines.length !== 5 || !Number.isFinite(a) || !Number.isFinite(b)) throw new Error(`no timing in: ${output}`);
  return { wall: b! - a!, cpu: timesSeconds(lines[3]) - timesSeconds(lines[1]) };
}

async function docker(args: string[]): Promise<string> {
  const result = await processRunner.run('docker', args, { timeoutMs: 600_000 });
  if (result.exitCode !== 0)
    throw new Error(`docker ${args[0]} failed: ${result.stderr.trim()} (run \`bash scripts/setup\` to build ${IMAGE})`);
  return result.stdout.trim();
}

/** The host dd under GNU time: wall, user and system seconds on its last stderr line. */
async function hostDd(): Promise<Timing> {
  const result = await processRunner.run('/usr/bin/time', ['-f', '%e %U %S', 'dd', ...HOST_DD], { timeoutMs: 600_000 });
  const [wall, user, sys] = result.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  if (result.exitCode !== 0 || ![wall, user, sys].every(Number.isFinite))
    throw new Error(`host dd failed: ${result.stderr.trim()} (GNU time is /usr/bin/time, package time)`);
  return { wall: wall!, cpu: user! + sys! };
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
  let floor: Holder | undefined;
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
    if (setup === 'floor' || setup === 'floor2') {
      const inode = await readMountNamespace(pid);
      if (!inode) throw new Error(`${setup}: mount namespace of container pid ${pid} not readable`);
      floor = await startFloor(inode, setup === 'floor2');
    }
    if (setup === 'noop') floor = await startNoop();
    const host = await hostDd();
    await writeFile(join(gate, 'go'), '');
    await docker(['wait', id]);
    const inside = insideTiming(await docker(['logs', id]));
    let counted = 0;
    if (backend) {
      const evidence = await backend.collect(context, container);
      if (evidence.incompleteReasons.length > 0)
        throw new Error(`${setup} recording incomplete: ${evidence.incompleteReasons.join('; ')}`);
      counted = sumCalls(evidence.syscalls);
    }
    if (floor) {
      floor.child.kill('SIGINT');
      const output = await floor.output;
      counted = setup === 'noop' ? 0 : floorCount(output);
    }
    return { host, inside, counted, attachMs: ebpf?.attachMs ?? floor?.attachMs ?? 0 };
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
    const runs: Record<Setup, Session[]> = { none: [], ebpf: [], floor: [], floor2: [], noop: [], audit: [] };
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < SETUPS.length; k++) {
        const setup = SETUPS[(round + k) % SETUPS.length]!;
        runs[setup].push(await session(setup, context, tempDir, round));
      }
    }
    return rows(runs, rounds);
  });
}

type Pick = (s: Session) => Timing;
const insideOf: Pick = (s) => s.inside;
const hostOf: Pick = (s) => s.host;

function rows(runs: Record<Setup, Session[]>, rounds: number): BenchRow[] {
  const perRound = (f: (i: number) => number) => Array.from({ length: rounds }, (_, i) => f(i));
  const at = (s: Setup, i: number, pick: Pick) => pick(runs[s][i]!);
  /** Per-round ratio of setup `s` to `none`, CPU time (the value) and wall time (the note). */
  const ratio = (s: Setup, pick: Pick, perCall = 1) => {
    const cpu = summary(perRound((i) => (at(s, i, pick).cpu * perCall) / at('none', i, pick).cpu));
    const wall = summary(perRound((i) => (at(s, i, pick).wall * perCall) / at('none', i, pick).wall));
    const secs = (setup: Setup, f: (t: Timing) => number) => median(runs[setup].map((x) => f(pick(x)))).toFixed(2);
    return {
      value: cpu.value,
      note: `CPU ${cpu.range}, ${secs(s, (t) => t.cpu)} s vs ${secs('none', (t) => t.cpu)} s; wall ${wall.value.toFixed(2)}x (${wall.range}), ${secs(s, (t) => t.wall)} s vs ${secs('none', (t) => t.wall)} s`,
    };
  };
  const calls = 2 * DD_COUNT;
  const auditCalls = 2 * AUDIT_DD_COUNT;
  const extraNs = (s: Setup, n: number, i: number) =>
    (at(s, i, insideOf).cpu / n - at('none', i, insideOf).cpu / calls) * 1e9;
  const ns = (s: Setup, n: number) => Math.round(median(perRound((i) => extraNs(s, n, i))));
  const counted = (s: Setup) => median(runs[s].map((x) => x.counted));
  const attach = runs.ebpf.map((x) => x.attachMs);
  const attachOf = (s: Setup) => Math.round(median(runs[s].map((x) => x.attachMs)));
  const dd = `dd if=/dev/zero of=/dev/null bs=1 count=${DD_COUNT}`;
  const row = (name: string, r: { value: number; note: string }, extra: string): BenchRow => ({
    name,
    value: r.value,
    unit: 'x',
    note: `${r.note}; ${extra}`,
  });
  return [
    row(
      `container ${dd}: ebpf-recorded ÷ unrecorded (target ≤1.3x)`,
      ratio('ebpf', insideOf),
      `${counted('ebpf')} syscalls counted; median of ${rounds} rounds`,
    ),
    row(
      'same, floor (sys_enter, one mount namespace, per-CPU array count) ÷ unrecorded',
      ratio('floor', insideOf),
      `${counted('floor')} sys_enter counted`,
    ),
    row(
      'same, two-probe floor (the floor plus the same count on sys_exit) ÷ unrecorded',
      ratio('floor2', insideOf),
      `${counted('floor2')} sys_enter counted`,
    ),
    row(
      'same, no-op raw tracepoints on sys_enter + sys_exit (the kernel slow path alone) ÷ unrecorded',
      ratio('noop', insideOf),
      'bench/noop-raw-tracepoint.py: no perf buffer, no map',
    ),
    row(
      `host ${dd} (not recorded) beside an ebpf recording ÷ alone (target ≤1.1x)`,
      ratio('ebpf', hostOf),
      'the recorded container waits meanwhile',
    ),
    row('same, beside the floor program ÷ alone', ratio('floor', hostOf), 'its namespace test runs for every task'),
    row('same, beside the two-probe floor ÷ alone', ratio('floor2', hostOf), 'both tests run for every task'),
    row('same, beside the no-op raw tracepoints ÷ alone', ratio('noop', hostOf), 'the slow syscall path only'),
    row('same, beside an audit recording ÷ alone', ratio('audit', hostOf), 'auditd logs only the container'),
    row(
      `audit-recorded container dd count=${AUDIT_DD_COUNT}: time per call ÷ unrecorded`,
      ratio('audit', insideOf, calls / auditCalls),
      `${counted('audit')} calls attributed`,
    ),
    {
      name: 'extra CPU per container syscall: ebpf (floors, audit in the note)',
      value: Math.round(median(perRound((i) => extraNs('ebpf', calls, i)))),
      unit: 'ns',
      note: `floor ${ns('floor', calls)} ns, two-probe floor ${ns('floor2', calls)} ns, no-op raw tracepoints ${ns('noop', calls)} ns, audit ${ns('audit', auditCalls)} ns`,
    },
    {
      name: 'ebpf attach latency (spawn → every probe attached; target ≤1 s)',
      value: Math.round(median(attach)),
      unit: 'ms',
      note: `min ${Math.round(Math.min(...attach))}, max ${Math.round(Math.max(...attach))}; floor ${attachOf('floor')} ms, two-probe floor ${attachOf('floor2')} ms`,
    },
  ];
}
