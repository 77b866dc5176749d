/**
 * Recording overhead of the strace backend, side by side in one run on one syscall-heavy
 * workload (dd with 64-byte blocks: ~200k read/write calls, plus a directory walk): the
 * unrecorded workload, plain `strace -f -o /dev/null`, strace writing its text to a file, and
 * `seccompose record` (tuned flags, parsed through a FIFO). Best of 3, runs interleaved.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withTempDir } from '../src/io/temp-dir.js';
import { STRACE_RECORD_FLAGS } from '../src/trace/strace/flags.js';
import type { BenchRow } from './types.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 3;
const WORKLOAD = [
  'sh',
  '-c',
  'dd if=/dev/zero of=/dev/null bs=64 count=100000 2>/dev/null; find /usr/lib /usr/share -name seccompose-none',
];

async function wall(file: string, args: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'ignore'] });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${code}`);
  return (performance.now() - started) / 1000;
}

/** seccompose record vs plain strace vs unrecorded, on the same workload. */
export async function benchRecordStrace(): Promise<BenchRow[]> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, stdio: 'inherit' });
  return withTempDir('bench-record-strace', async (dir) => {
    const variants: Record<string, [string, string[]]> = {
      unrecorded: [WORKLOAD[0]!, WORKLOAD.slice(1)],
      'strace -f -o /dev/null': ['strace', ['-f', '-o', '/dev/null', ...WORKLOAD]],
      'strace -f -o FILE': ['strace', ['-f', '-o', join(dir, 'trace.txt'), ...WORKLOAD]],
      'strace tuned flags -o /dev/null': ['strace', [...STRACE_RECORD_FLAGS, '-o', '/dev/null', ...WORKLOAD]],
      'seccompose record': [
        join(repo, 'bin/seccompose'),
        ['record', '--quiet', '--force', '-o', join(dir, 'obs.json'), '--', ...WORKLOAD],
      ],
    };
    // On this VM a ptrace stop that wakes an idle CPU costs ~70 µs, so plain strace on an idle
    // machine is up to 10x slower than with the other CPU busy (our parser keeps it busy). Pinning
    // both to one CPU removes that effect and charges the parser's CPU time to the recording.
    const pinned = (name: string): [string, string[]] => [
      'taskset',
      ['-c', '0', variants[name]![0], ...variants[name]![1]],
    ];
    variants['pinned: strace -f -o /dev/null'] = pinned('strace -f -o /dev/null');
    variants['pinned: seccompose record'] = pinned('seccompose record');
    const best: Record<string, number> = {};
    for (let run = 0; run < RUNS; run++) {
      for (const [name, [file, args]] of Object.entries(variants)) {
        const seconds = await wall(file, args);
        best[name] = Math.min(best[name] ?? Infinity, seconds);
      }
    }
    const rows: BenchRow[] = Object.entries(best).map(([name, seconds]) => ({
      name: `${name} wall time`,
      value: seconds,
      unit: 's',
      note: 'best of 3',
    }));
    rows.push(
      {
        name: 'record / plain strace -f -o /dev/null',
        value: best['seccompose record']! / best['strace -f -o /dev/null']!,
        unit: 'x',
        note: 'target ≤ 1.0; both free to use 2 CPUs',
      },
      {
        name: 'record / plain strace, both pinned to one CPU',
        value: best['pinned: seccompose record']! / best['pinned: strace -f -o /dev/null']!,
        unit: 'x',
        note: 'the parser shares the CPU with strace',
      },
      { name: 'record / unrecorded', value: best['seccompose record']! / best.unrecorded!, unit: 'x' },
      {
        name: 'tuned flags / plain flags (both to /dev/null)',
        value: best['strace tuned flags -o /dev/null']! / best['strace -f -o /dev/null']!,
        unit: 'x',
      },
    );
    return rows;
  });
}
