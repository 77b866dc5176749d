/**
 * Parser throughput and memory: generate a ≥300 MB strace log from real strace 6.1 lines (every
 * fixture form: -f pids, -tt, -T, -yy, unfinished/resumed pairs, signals, exits, personality
 * switches), then, side by side in one run, time the parser (in a child process, so that its peak
 * RSS is its own) against `awk '{print $2}'` on the same file, and show peak RSS at two sizes.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withTempDir } from '../src/io/temp-dir.js';
import type { BenchRow } from './types.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = ['f.txt', 'f-tt-T-yy.txt', 'f-quiet-none.txt', 'f-yy.txt', 'f-r.txt'];
const MB = 1024 * 1024;
const RUNS = 3;

/** Write at least `bytes` of strace text (whole fixture blocks) to `path`. */
async function generateLog(path: string, bytes: number): Promise<number> {
  const blocks = FIXTURES.map((name) => readFileSync(join(repo, 'test/fixtures/strace-6.1', name)));
  const out = createWriteStream(path);
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const block = blocks[i % blocks.length]!;
    written += block.length;
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return written;
}

const CHILD = `
import { createReadStream } from 'node:fs';
const { SyscallTally } = await import(process.argv[3] + '/dist/observation/tally.js');
const { StraceParser } = await import(process.argv[3] + '/dist/trace/strace/parse.js');
const parser = new StraceParser(new SyscallTally(), { native: 'SCMP_ARCH_X86_64' });
const started = performance.now();
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 18 })) parser.push(chunk);
parser.end();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ seconds, events: parser.events, maxRssKb: process.resourceUsage().maxRSS }));
`;

interface ChildResult {
  wall: number;
  seconds: number;
  events: number;
  maxRssKb: number;
}

async function timed(file: string, args: string[], capture: boolean): Promise<{ wall: number; stdout: string }> {
  const started = performance.now();
  const child = spawn(file, args, { stdio: ['ignore', capture ? 'pipe' : 'ignore', 'inherit'] });
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${code}`);
  return { wall: (performance.now() - started) / 1000, stdout };
}

async function runParser(script: string, log: string): Promise<ChildResult> {
  const { wall, stdout } = await timed(process.execPath, [script, log, repo], true);
  return { wall, ...(JSON.parse(stdout) as Omit<ChildResult, 'wall'>) };
}

/** Parser vs awk on ≥300 MB, and the parser's peak RSS at 100 MB and ≥300 MB. */
export async function benchStraceParse(): Promise<BenchRow[]> {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repo, stdio: 'inherit' });
  return withTempDir('bench-strace', async (dir) => {
    const script = join(dir, 'parse-child.mjs');
    writeFileSync(script, CHILD);
    const big = join(dir, 'big.strace');
    const small = join(dir, 'small.strace');
    const bigBytes = await generateLog(big, 300 * MB);
    const smallBytes = await generateLog(small, 100 * MB);
    let parser: ChildResult | undefined;
    let awk = Infinity;
    for (let i = 0; i < RUNS; i++) {
      const run = await runParser(script, big);
      if (!parser || run.wall < parser.wall) parser = run;
      awk = Math.min(awk, (await timed('awk', ['{print $2}', big], false)).wall);
    }
    const smallRun = await runParser(script, small);
    const mb = bigBytes / MB;
    return [
      {
        name: 'log size',
        value: Math.round(mb),
        unit: 'MiB',
        note: `${parser!.events} syscalls, generated from strace 6.1 fixture lines`,
      },
      {
        name: 'parser throughput (whole process)',
        value: mb / parser!.wall,
        unit: 'MiB/s',
        note: 'node start + read + parse, best of 3',
      },
      {
        name: 'parser throughput (parse loop)',
        value: mb / parser!.seconds,
        unit: 'MiB/s',
        note: 'read + parse inside the process',
      },
      { name: "awk '{print $2}' throughput", value: mb / awk, unit: 'MiB/s', note: 'same file, best of 3' },
      { name: 'parser time / awk time', value: parser!.wall / awk, unit: 'x', note: 'target ≤ 2' },
      {
        name: `peak RSS at ${Math.round(smallBytes / MB)} MiB`,
        value: Math.round(smallRun.maxRssKb / 1024),
        unit: 'MiB',
      },
      {
        name: `peak RSS at ${Math.round(mb)} MiB`,
        value: Math.round(parser!.maxRssKb / 1024),
        unit: 'MiB',
        note: 'target ≤ 100 and flat',
      },
    ];
  });
}
