import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, InterruptedError, messageOf } from '../../errors.js';
import { consumeInput, openInput, regularFileSize, type InputLabel } from '../../io/open-input.js';
import { readFileRange } from '../../io/read-file-range.js';
import { nativeArch } from '../../kernel/arch.js';
import type { Observation } from '../../model/observation.js';
import type { SeccompArch } from '../../model/profile.js';
import { SyscallTally, type Evidence } from '../../observation/tally.js';
import { ingestedObservation } from '../ingested-observation.js';
import { STRACE_INGEST_ADVICE } from './flags.js';
import { type SegmentOptions, parseInParallel } from './parallel-parse.js';
import { StraceParser } from './parse.js';
import type { ProcessEnd } from './special.js';

export interface IngestStraceOptions {
  /** The ABI of the machine the traces were taken on (default: this machine's). */
  native?: SeccompArch;
  /** Where `-` reads from (default: process.stdin). */
  stdin?: AsyncIterable<Buffer | string>;
}

/** One input: a path (or `-`) and, for a file of a `-ff` set, the pid in its name. */
interface TraceInput {
  path: string;
  pid: number | undefined;
}

const FF_SUFFIX = /\.(\d+)$/;

/**
 * `seccompose record --from-strace FILE...|-`: turn strace output someone already has into an
 * observation. Accepts plain and `-f` traces, `-ff` sets (the files `prefix.PID`, or just the
 * prefix), `strace -c` tables and stdin (`-`). Lines that are not strace output are counted and
 * sampled in the diagnostics; it is an error only when nothing in the input is strace output.
 */
export async function ingestStraceFiles(paths: string[], options: IngestStraceOptions = {}): Promise<Observation> {
  const native = options.native ?? nativeArch();
  const inputs = await expandInputs(paths);
  const tally = new SyscallTally();
  const notes = new Set<string>();
  let recognized = 0;
  let end: ProcessEnd | undefined;
  let interruptedAt: string | undefined;
  for (const input of inputs) {
    const label = inputs.length > 1 ? basename(input.path) : undefined;
    const parsed = await parseInput(input, tally, { native, pid: input.pid, label }, options.stdin);
    recognized += parsed.recognized;
    end ??= parsed.leaderEnd;
    for (const note of parsed.notes) notes.add(note);
    if (parsed.interrupted) {
      interruptedAt = input.path;
      break;
    }
  }
  if (recognized === 0 && interruptedAt !== undefined)
    throw new InterruptedError('interrupted before any strace output arrived');
  const evidence = tally.toEvidence();
  if (recognized === 0 || evidence.diagnostics.unparsedLines > recognized) throw notATrace(paths, recognized, evidence);
  const backend = {
    name: 'strace' as const,
    version: 'unknown (ingested output)',
    notes: [`ingested ${inputs.length} strace output file(s)`, ...[...notes].sort()],
  };
  return ingestedObservation(paths, backend, evidence, { interruptedAt, exit: end ?? { code: null, signal: null } });
}

const STRACE_INPUT: InputLabel = {
  what: 'strace output',
  hint: 'pass a readable file written by `strace -o`, the prefix of a `strace -ff -o PREFIX` set, or - for stdin',
};

/** What reading one input gave besides its counts (added to the tally); `interrupted`: SIGINT/SIGTERM cut it short. */
interface InputParse {
  recognized: number;
  leaderEnd: ProcessEnd | undefined;
  notes: Iterable<string>;
  interrupted: boolean;
}

/**
 * Parse one input into `tally`; what was read before the first SIGINT/SIGTERM counts. A large
 * regular file is parsed on several threads (parallel-parse.ts), any other file in one piece into
 * two reused buffers (fast, flat memory); stdin, a FIFO or a device as a stream.
 */
async function parseInput(
  input: TraceInput,
  tally: SyscallTally,
  options: SegmentOptions,
  stdin: AsyncIterable<Buffer | string> | undefined,
): Promise<InputParse> {
  const { path } = input;
  try {
    const size = path === '-' ? undefined : await regularFileSize(path);
    if (size === undefined) {
      const parser = new StraceParser(tally, options);
      const { interrupted } = await consumeInput(
        path === '-' ? (stdin ?? process.stdin) : await openInput(path, STRACE_INPUT),
        (chunk) => parser.push(chunk),
        'end',
      );
      parser.end();
      return { recognized: parser.recognized, leaderEnd: parser.leaderEnd, notes: parser.notes, interrupted };
    }
    return await untilInterrupted(async (signal) => {
      const parallel = await parseInParallel(path, size, options, signal);
      if (parallel !== undefined) {
        tally.merge(parallel.tally.toData());
        return parallel;
      }
      const parser = new StraceParser(tally, options);
      const interrupted = await readFileRange(path, 0, Number.POSITIVE_INFINITY, (chunk) => parser.push(chunk), signal);
      parser.end();
      return { recognized: parser.recognized, leaderEnd: parser.leaderEnd, notes: parser.notes, interrupted };
    });
  } catch (error) {
    throw new InputError(`cannot read strace output ${path}: ${messageOf(error)}`, {
      hint: STRACE_INPUT.hint,
      cause: error,
    });
  }
}

/** Run `work` with a signal that the first SIGINT/SIGTERM aborts. */
async function untilInterrupted<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
  }
}

/** Files as given; a missing path that is the prefix of `-ff` files becomes those files, by pid. */
async function expandInputs(paths: string[]): Promise<TraceInput[]> {
  if (paths.length === 0) throw new InputError('--from-strace needs at least one file (or - for stdin)');
  const inputs: TraceInput[] = [];
  for (const path of paths) {
    if (path === '-') inputs.push({ path, pid: undefined });
    else if (await exists(path)) inputs.push({ path, pid: ffPid(path, paths) });
    else inputs.push(...(await ffSet(path)));
  }
  return inputs;
}

/** A file `prefix.PID` given together with other `prefix.*` files is one of a `-ff` set. */
function ffPid(path: string, all: string[]): number | undefined {
  const match = FF_SUFFIX.exec(path);
  if (!match) return undefined;
  const prefix = path.slice(0, match.index);
  const siblings = all.filter((p) => p !== path && p.startsWith(`${prefix}.`) && FF_SUFFIX.test(p));
  return siblings.length > 0 ? Number(match[1]) : undefined;
}

async function ffSet(prefix: string): Promise<TraceInput[]> {
  const dir = dirname(prefix);
  const base = basename(prefix);
  let names: string[] = [];
  try {
    names = await readdir(dir);
  } catch {
    names = [];
  }
  const set = names
    .filter((name) => name.startsWith(`${base}.`) && /^\d+$/.test(name.slice(base.length + 1)))
    .map((name) => ({ path: join(dir, name), pid: Number(name.slice(base.length + 1)) }))
    .sort((a, b) => a.pid - b.pid);
  if (set.length === 0) {
    throw new InputError(
      `cannot read strace output ${prefix}: no such file, and no ${prefix}.PID files (strace -ff -o ${base})`,
      {
        hint: 'check the path; for a `strace -ff -o PREFIX` set pass PREFIX or the PREFIX.PID files',
      },
    );
  }
  return set;
}

/** Whether anything is at `path` (openInput then says what is wrong with a directory or a socket). */
async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Input that is not strace output: nothing recognized, or most lines not strace lines (random
 * bytes, a program's own log) — refused rather than read as calls named by chance (`b(`, `_(`).
 */
function notATrace(paths: string[], recognized: number, evidence: Evidence): InputError {
  const { unparsedLines, unparsedSamples } = evidence.diagnostics;
  const first = unparsedSamples
    .slice(0, 3)
    .map((sample) => `line ${sample.line}: ${JSON.stringify(sample.text.slice(0, 80))}`)
    .join('; ');
  const counts =
    recognized === 0
      ? 'no strace output found'
      : `not strace output: ${unparsedLines} of ${unparsedLines + recognized} lines are not strace lines`;
  return new InputError(
    `${paths.join(', ')}: ${counts}${first ? ` (first: ${first})` : ''}; expected syscall lines like \`openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3\`, optionally prefixed by a pid and timestamps, or a \`strace -c\` table`,
    { hint: `trace with \`${STRACE_INGEST_ADVICE}\` and pass trace.txt` },
  );
}
