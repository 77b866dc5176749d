/**
 * Merge benchmark: `seccompose merge` over 1,000 observations (and 100, to show how time and
 * memory grow), run as the CLI in a child process under /usr/bin/time for its peak RSS. The
 * observations are the nginx fixture varied per "replica" (host, command, counts, one extra call),
 * so every file is a distinct recording.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withTempDir } from '../src/io/temp-dir.js';
import type { Observation } from '../src/model/observation.js';
import type { BenchRow } from './types.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const EXTRA = ['getpid', 'getppid', 'uname', 'sysinfo', 'times', 'getrusage', 'sched_yield', 'madvise'];

function replicas(count: number, dir: string): { paths: string[]; bytes: number } {
  const base = JSON.parse(
    readFileSync(join(repo, 'test/fixtures/observations/nginx-ebpf.json'), 'utf8'),
  ) as Observation;
  const paths: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const copy = structuredClone(base);
    copy.host = { name: `node-${i % 10}`, arch: 'SCMP_ARCH_X86_64' };
    if (copy.workload.kind === 'container') copy.workload.command = ['nginx', '-g', `daemon off; # replica ${i}`];
    const calls = copy.syscalls.SCMP_ARCH_X86_64!;
    for (const use of Object.values(calls)) use.count += i % 7;
    calls[EXTRA[i % EXTRA.length]!] = { count: 1 + (i % 3), errors: 0, firstSeen: Object.keys(calls).length };
    const text = JSON.stringify(copy, null, 2);
    const path = join(dir, `replica-${String(i).padStart(4, '0')}.obs.json`);
    writeFileSync(path, text);
    paths.push(path);
    bytes += text.length;
  }
  return { paths, bytes };
}

/** The CLI as users run it: the build when there is one, else the sources through tsx. */
function cliCommand(): { argv: string[]; how: string } {
  const built = join(repo, 'dist/main.js');
  if (existsSync(built)) return { argv: [process.execPath, built], how: 'dist' };
  return { argv: [process.execPath, '--import', 'tsx', join(repo, 'src/cli/main.ts')], how: 'tsx (no build)' };
}

/** Run `merge` under /usr/bin/time: wall seconds and peak RSS in kB. */
function timeMerge(paths: string[], output: string): { seconds: number; rssKb: number; how: string } {
  const cli = cliCommand();
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...cli.argv, 'merge', ...paths, '-o', output], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`merge exited ${result.status}: ${result.stderr}`);
  const [seconds, rss] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, rssKb: rss!, how: cli.how };
}

/** Merge 100 and 1,000 replica observations; report wall time and peak RSS of each run. */
export async function benchMerge(): Promise<BenchRow[]> {
  return withTempDir('bench-merge', async (dir) => {
    const rows: BenchRow[] = [];
    const { paths, bytes } = replicas(1000, dir);
    for (const count of [100, 1000]) {
      const output = join(dir, `merged-${count}.obs.json`);
      const run = timeMerge(paths.slice(0, count), output);
      const merged = JSON.parse(readFileSync(output, 'utf8')) as Observation;
      const inputMb = ((bytes * count) / 1000 / 1e6).toFixed(1);
      rows.push(
        {
          name: `merge ${count} observations (${inputMb} MB of JSON, ${merged.merged?.sources.length} recordings)`,
          value: run.seconds,
          unit: 's',
          note: `CLI via ${run.how}, two passes over the files`,
        },
        {
          name: `merge ${count} observations: peak RSS`,
          value: run.rssKb / 1024,
          unit: 'MB',
          note: '/usr/bin/time %M',
        },
      );
    }
    return rows;
  });
}
