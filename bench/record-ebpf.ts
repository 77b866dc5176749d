/**
 * ebpf recording overhead: the same container workload run unrecorded and recorded by the ebpf
 * backend, interleaved in one run (median of SECCOMPOSE_BENCH_RUNS pairs, default 5), both under
 * Docker's default profile so that only the tracing differs. Also the attach latency (spawn →
 * probes attached; the container starts only after it) and the time to read the counts.
 */
import { processRunner } from '../src/exec/run.js';
import { withTempDir } from '../src/io/temp-dir.js';
import { silentLogger } from '../src/log.js';
import { builtinProfilePath, loadProfile } from '../src/profile/load.js';
import type { TraceContext } from '../src/trace/backend.js';
import { createEbpfBackend } from '../src/trace/ebpf/backend.js';
import type { BenchRow } from './types.js';

const IMAGE = 'seccompose/busybox:1';
const WORKLOADS = [
  {
    name: 'shell file+process loop',
    script:
      'i=0; while [ $i -lt 600 ]; do cat /etc/passwd >/dev/null; ls -la / >/dev/null; echo $i > /tmp/n; i=$((i+1)); done',
  },
  {
    name: 'dd bs=1 (worst case: nothing but syscalls)',
    script: 'dd if=/dev/zero of=/dev/null bs=1 count=300000 2>/dev/null',
  },
];

interface Timed {
  wallMs: number;
  syscalls: number;
}

/** docker run -d … ; docker wait: wall time of the container from start to exit. */
async function runContainer(
  dockerArgs: readonly string[],
  script: string,
  onStarted?: (id: string, pid: number) => Promise<void>,
): Promise<number> {
  const start = performance.now();
  const run = await processRunner.run('docker', ['run', '-d', ...dockerArgs, IMAGE, 'sh', '-c', script]);
  if (run.exitCode !== 0)
    throw new Error(`docker run failed: ${run.stderr.trim()} (run \`bash scripts/setup\` to build ${IMAGE})`);
  const id = run.stdout.trim();
  const pid = Number((await processRunner.run('docker', ['inspect', '--format', '{{.State.Pid}}', id])).stdout.trim());
  await onStarted?.(id, pid);
  await processRunner.run('docker', ['wait', id]);
  const wallMs = performance.now() - start;
  await processRunner.run('docker', ['rm', '-f', id]);
  return wallMs;
}

async function runRecorded(
  context: TraceContext,
  script: string,
  stats: { attachMs: number[]; collectMs: number[] },
): Promise<Timed> {
  const backend = createEbpfBackend();
  const profile = (await loadProfile('docker-default')).profile;
  try {
    const { dockerArgs } = await backend.prepare(context, profile);
    stats.attachMs.push(backend.attachMs);
    let container = { id: '', name: '', pid: 0 };
    const wallMs = await runContainer(dockerArgs, script, async (id, pid) => {
      container = { id, name: id, pid };
      await backend.started(context, container);
    });
    const collectStart = performance.now();
    const evidence = await backend.collect(context, container);
    stats.collectMs.push(performance.now() - collectStart);
    if (evidence.incompleteReasons.length > 0)
      throw new Error(`recording incomplete: ${evidence.incompleteReasons.join('; ')}`);
    const syscalls = Object.values(evidence.syscalls).reduce(
      (n, m) => n + Object.values(m ?? {}).reduce((k, u) => k + u.count, 0),
      0,
    );
    return { wallMs, syscalls };
  } finally {
    await backend.dispose(context);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Recorded vs unrecorded wall time per workload, attach latency and collect time. */
export async function benchRecordEbpf(): Promise<BenchRow[]> {
  const runs = Number(process.env.SECCOMPOSE_BENCH_RUNS ?? 5);
  return withTempDir('bench-ebpf', async (tempDir) => {
    const context: TraceContext = {
      runner: processRunner,
      logger: silentLogger(),
      signal: new AbortController().signal,
      tempDir,
    };
    const probe = await createEbpfBackend().probe(context);
    if (!probe.ok) throw new Error(`ebpf backend unavailable: ${probe.reason} (${probe.hint})`);
    const baseline = `seccomp=${builtinProfilePath('docker-default')}`;
    const stats = { attachMs: [] as number[], collectMs: [] as number[] };
    const rows: BenchRow[] = [];
    for (const workload of WORKLOADS) {
      const plain: number[] = [];
      const recorded: Timed[] = [];
      for (let i = 0; i < runs; i++) {
        plain.push(await runContainer(['--security-opt', baseline], workload.script));
        recorded.push(await runRecorded(context, workload.script, stats));
      }
      const p = median(plain);
      const r = median(recorded.map((t) => t.wallMs));
      const calls = median(recorded.map((t) => t.syscalls));
      rows.push({
        name: `ebpf recorded / unrecorded: ${workload.name}`,
        value: r / p,
        unit: 'x',
        note: `median of ${runs}: ${(r / 1000).toFixed(2)} s vs ${(p / 1000).toFixed(2)} s container wall time; ${calls} syscalls counted per run`,
      });
    }
    rows.push({
      name: 'ebpf attach latency (spawn → probes attached)',
      value: Math.round(median(stats.attachMs)),
      unit: 'ms',
      note: `min ${Math.round(Math.min(...stats.attachMs))}, max ${Math.round(Math.max(...stats.attachMs))}; the container starts after it`,
    });
    rows.push({ name: 'ebpf collect (SIGINT → counts read)', value: Math.round(median(stats.collectMs)), unit: 'ms' });
    return rows;
  });
}
