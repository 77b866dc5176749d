import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { readFileRange } from '../../io/read-file-range.js';
import type { SeccompArch } from '../../model/profile.js';
import { SyscallTally } from '../../observation/tally.js';
import { StraceParser } from './parse.js';
import { type MergedParse, SegmentLog, type SegmentResult, mergeSegments } from './segments.js';

/** What a segment's parser is told: the file's ABI, pid (one file of a -ff set) and sample label. */
export interface SegmentOptions {
  native: SeccompArch;
  pid: number | undefined;
  label: string | undefined;
}

/** One segment for a worker thread: bytes [start, end) of `path`, starting at a line. */
export interface SegmentJob extends SegmentOptions {
  path: string;
  start: number;
  end: number;
}

/** The result of reading a file in parallel; `interrupted`: only the start of the file was read. */
export interface ParallelParse extends MergedParse {
  interrupted: boolean;
}

const MiB = 1024 * 1024;
/**
 * A worker thread starts in ~55 ms, and two threads here parse at ~1.5x one's speed, not 2x:
 * measured with `npm run bench -- strace-parse`, two threads were slower than one at 100 MiB and
 * faster at 400 MiB, so by default a segment is at least 64 MiB. With SECCOMPOSE_PARSE_THREADS
 * set, at least 8 MiB.
 */
const MIN_SEGMENT = 64 * MiB;
const MIN_SEGMENT_ASKED = 8 * MiB;
const MAX_THREADS = 4;
/** What the first segment reads while the workers start (~55 ms here): it gets that much more. */
const HEAD_START = 16 * MiB;
/** How far past a nominal cut a line may run before the cut is dropped. */
const MAX_LINE_SEARCH = 4 * MiB;
/**
 * The worker's script: an entry of the bundle (scripts/build.mjs), beside the chunk this code is
 * in. Run from source (vitest, tsx) there is none, and files are parsed on one thread.
 */
const WORKER = new URL('./strace-segment-worker.js', import.meta.url);

/**
 * How many segments to cut a file of `size` bytes into: SECCOMPOSE_PARSE_THREADS when set (1
 * turns parallel parsing off), else one per CPU this process may use, up to 4; fewer when the
 * segments would be small.
 */
function segmentCount(size: number): number {
  const asked = Number(process.env.SECCOMPOSE_PARSE_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, Math.floor(size / MIN_SEGMENT_ASKED));
  return Math.min(availableParallelism(), MAX_THREADS, Math.floor(size / MIN_SEGMENT));
}

/** Parse one segment with a parser of its own (in a worker, or the first segment in this thread). */
export async function parseFileSegment(
  job: SegmentJob,
  signal?: AbortSignal,
): Promise<SegmentResult & { interrupted: boolean }> {
  const tally = new SyscallTally();
  const parser = new StraceParser(tally, {
    native: job.native,
    pid: job.pid,
    label: job.label,
    segment: new SegmentLog(),
  });
  const interrupted = await readFileRange(job.path, job.start, job.end, (chunk) => parser.push(chunk), signal);
  parser.end();
  return { tally: tally.toData(), report: parser.segmentReport(), interrupted };
}

/**
 * Parse a large regular file in segments on several threads and merge them into exactly what
 * one parser gives (segments.ts). Undefined when the file is too small for that, when this is
 * not the bundle, or when the segments cannot be merged exactly (the caller then parses the
 * file in one piece). On `signal` the workers are stopped and what this thread read counts.
 */
export async function parseInParallel(
  path: string,
  size: number,
  options: SegmentOptions,
  signal: AbortSignal,
): Promise<ParallelParse | undefined> {
  const count = segmentCount(size);
  if (count < 2 || !existsSync(fileURLToPath(WORKER))) return undefined;
  const { Worker } = await import('node:worker_threads');
  const cuts = await lineCuts(path, size, count);
  if (cuts.length < 3) return undefined;
  const workers: Worker[] = [];
  const stopWorkers = () => {
    for (const worker of workers) void worker.terminate();
  };
  try {
    const rest = cuts.slice(1, -1).map((start, i) => {
      const worker = new Worker(WORKER, {
        workerData: { ...options, path, start, end: cuts[i + 2]! } satisfies SegmentJob,
      });
      workers.push(worker);
      return resultOf(worker);
    });
    // Rejections are taken where the results are awaited; an interrupt may come before that.
    for (const result of rest) result.catch(() => undefined);
    const first = await parseFileSegment({ ...options, path, start: 0, end: cuts[1]! }, signal);
    const stopped = first.interrupted
      ? true
      : await Promise.race([Promise.all(rest).then(() => false), aborted(signal)]);
    if (stopped) {
      stopWorkers();
      const merged = mergeSegments([first]);
      return merged && { ...merged, interrupted: true };
    }
    const merged = mergeSegments([first, ...(await Promise.all(rest))]);
    return merged && { ...merged, interrupted: false };
  } catch {
    // A worker that failed (could not start, ran out of memory): one parser reads the file instead.
    return undefined;
  } finally {
    stopWorkers();
  }
}

/** The worker's one message, its result; rejected when it fails or exits without one. */
function resultOf(worker: Worker): Promise<SegmentResult> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the parse worker exited (${code}) without a result`)));
  });
}

function aborted(signal: AbortSignal): Promise<true> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(true);
    else signal.addEventListener('abort', () => resolve(true), { once: true });
  });
}

/**
 * Offsets that cut the file into `count` segments, each starting at a line: [0, ..., size]. The
 * first (this thread's, which starts at once) is HEAD_START longer than the others.
 */
async function lineCuts(path: string, size: number, count: number): Promise<number[]> {
  const cuts = [0];
  const file = await open(path, 'r');
  try {
    const window = Buffer.allocUnsafe(64 * 1024);
    for (let k = 1; k < count; k++) {
      // The first line that starts at or after the nominal cut.
      const head = Math.min(HEAD_START, size / 2);
      let at = Math.max(Math.floor(head + ((size - head) * k) / count) - 1, cuts.at(-1)!);
      const limit = Math.min(at + MAX_LINE_SEARCH, size);
      let cut: number | undefined;
      while (cut === undefined && at < limit) {
        const { bytesRead } = await file.read(window, 0, Math.min(window.length, limit - at), at);
        if (bytesRead === 0) break;
        const nl = window.subarray(0, bytesRead).indexOf(10);
        if (nl >= 0) cut = at + nl + 1;
        at += bytesRead;
      }
      if (cut !== undefined && cut < size) cuts.push(cut);
    }
  } finally {
    await file.close();
  }
  cuts.push(size);
  return cuts;
}
