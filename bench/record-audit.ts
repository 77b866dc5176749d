/**
 * Audit backend overhead: wall time of a syscall-heavy busybox container recorded with the
 * audit backend (LOG profile, auditd writing every call, log read and attributed) against the
 * same container run unrecorded under the same baseline (Docker's default), in one run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processRunner } from '../src/exec/run.js';
import { createLogger } from '../src/log.js';
import { builtinProfilePath, loadProfile } from '../src/profile/load.js';
import { createAuditBackend } from '../src/trace/audit/backend.js';
import type { BenchRow } from './types.js';

const IMAGE = 'seccompose/busybox:1';
/** 2 x CALLS syscalls (read + write of one byte each), plus the shell's and dd's start-up. */
const CALLS = 50_000;
const WORKLOAD = ['dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', `count=${CALLS}`];
const ROUNDS = 3;

async function timeUnrecorded(profileFile: string): Promise<number> {
  const started = performance.now();
  const result = await processRunner.run('docker', [
    'run',
    '--rm',
    '--security-opt',
    `seccomp=${profileFile}`,
    IMAGE,
    ...WORKLOAD,
  ]);
  if (result.exitCode !== 0) throw new Error(`unrecorded run failed: ${result.stderr}`);
  return performance.now() - started;
}

async function timeRecorded(tempDir: string): Promise<{ ms: number; records: number }> {
  const logger = createLogger('warn');
  const backend = createAuditBackend();
  const context = { runner: processRunner, logger, signal: new AbortController().signal, tempDir };
  const probe = await backend.probe(context);
  if (!probe.ok) throw new Error(`audit backend unavailable: ${probe.reason} (${probe.hint})`);
  const docker = await loadProfile('docker-default');
  const started = performance.now();
  try {
    const { dockerArgs } = await backend.prepare(context, docker.profile);
    const run = await processRunner.run('docker', ['run', '--detach', ...dockerArgs, IMAGE, ...WORKLOAD]);
    const id = run.stdout.trim();
    await processRunner.run('docker', ['wait', id]);
    const evidence = await backend.collect(context, { id, name: id, pid: 0 });
    await processRunner.run('docker', ['rm', '--force', id]);
    const records = Object.values(evidence.syscalls.SCMP_ARCH_X86_64 ?? {}).reduce((n, use) => n + use.count, 0);
    return { ms: performance.now() - started, records };
  } finally {
    await backend.dispose(context);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Recorded vs unrecorded wall time (median of ROUNDS, interleaved), and records per second. */
export async function benchRecordAudit(): Promise<BenchRow[]> {
  const tempDir = await mkdtemp(join(tmpdir(), 'seccompose-bench-audit-'));
  try {
    const plain: number[] = [];
    const recorded: number[] = [];
    let records = 0;
    for (let round = 0; round < ROUNDS; round++) {
      plain.push(await timeUnrecorded(builtinProfilePath('docker-default')));
      const r = await timeRecorded(tempDir);
      recorded.push(r.ms);
      records = r.records;
    }
    const plainMs = median(plain);
    const recordedMs = median(recorded);
    const note = `busybox dd bs=1 count=${CALLS} under docker-default, median of ${ROUNDS}`;
    return [
      { name: 'unrecorded container wall time', value: plainMs, unit: 'ms', note },
      {
        name: 'audit-recorded container wall time',
        value: recordedMs,
        unit: 'ms',
        note: `${note}; includes draining and attributing the log`,
      },
      { name: 'audit overhead ratio', value: recordedMs / plainMs, unit: 'x', note: 'recorded / unrecorded, same run' },
      { name: 'workload syscalls attributed', value: records, unit: 'calls' },
      {
        name: 'audit throughput',
        value: Math.round(records / ((recordedMs - plainMs) / 1000)),
        unit: 'records/s',
        note: 'extra wall time per logged call',
      },
    ];
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}
