import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SyscallTally } from '../../../../src/observation/tally.js';
import { parseFileSegment } from '../../../../src/trace/strace/parallel-parse.js';
import { StraceParser } from '../../../../src/trace/strace/parse.js';
import { type MergedParse, mergeSegments } from '../../../../src/trace/strace/segments.js';
import { FIXTURES } from './parse-helpers.js';

const NATIVE = 'SCMP_ARCH_X86_64';
const FILES = [
  ...readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')),
  ...readdirSync(`${FIXTURES}forms`)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => `forms/${f}`),
];

const wholes = new Map<string, ReturnType<typeof parseWhole>>();

/** One parser over the whole file: what the segments must add up to. */
function whole(path: string): ReturnType<typeof parseWhole> {
  if (!wholes.has(path)) wholes.set(path, parseWhole(path));
  return wholes.get(path)!;
}

function parseWhole(path: string) {
  const tally = new SyscallTally();
  const parser = new StraceParser(tally, { native: NATIVE });
  parser.push(readFileSync(path));
  parser.end();
  return {
    evidence: tally.toEvidence(),
    recognized: parser.recognized,
    leaderEnd: parser.leaderEnd,
    notes: [...parser.notes],
  };
}

/** The file read in segments cut at `cuts`, each result passed through a structured clone (as a worker posts it). */
async function inSegments(path: string, cuts: number[]): Promise<MergedParse | undefined> {
  const bounds = [0, ...cuts, readFileSync(path).length];
  const results = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const { interrupted, ...result } = await parseFileSegment({
      path,
      start: bounds[k]!,
      end: bounds[k + 1]!,
      native: NATIVE,
      pid: undefined,
      label: undefined,
    });
    expect(interrupted).toBe(false);
    results.push(structuredClone(result));
  }
  return mergeSegments(results);
}

function same(merged: MergedParse, path: string): void {
  const expected = whole(path);
  expect(merged.tally.toEvidence()).toEqual(expected.evidence);
  expect(merged.recognized).toBe(expected.recognized);
  expect(merged.leaderEnd).toEqual(expected.leaderEnd);
  expect(merged.notes.sort()).toEqual(expected.notes.sort());
}

/** Offsets at which a line starts (never 0). */
function lineStarts(path: string): number[] {
  const bytes = readFileSync(path);
  const starts: number[] = [];
  for (let i = bytes.indexOf(10); i >= 0 && i + 1 < bytes.length; i = bytes.indexOf(10, i + 1)) starts.push(i + 1);
  return starts;
}

describe('a trace parsed in segments and merged (parallel parsing) gives exactly what one parser gives', () => {
  it.each(FILES)(
    '%s: any cuts at line starts merge exactly, or are refused (then one parser reads it)',
    async (name) => {
      const path = `${FIXTURES}${name}`;
      const starts = lineStarts(path);
      if (starts.length === 0) return;
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...starts), { minLength: 1, maxLength: 3 }), async (cuts) => {
          const merged = await inSegments(
            path,
            cuts.sort((a, b) => a - b),
          );
          if (merged !== undefined) same(merged, path);
        }),
        { numRuns: 25 },
      );
    },
  );

  it('a real strace -f trace of two file-heavy processes merges at lines all through it, also between a call and its resumption', async () => {
    const path = `${FIXTURES}f-files.txt`;
    const text = readFileSync(path, 'latin1');
    const starts = lineStarts(path);
    // Cuts right after an unfinished call line: its resumption is in the next segment.
    const afterUnfinished = starts.filter((at) => text.slice(0, at - 1).endsWith('<unfinished ...>'));
    expect(afterUnfinished.length).toBeGreaterThan(500);
    for (const cut of [...starts.filter((_, i) => i % 10 === 0), ...afterUnfinished.filter((_, i) => i % 10 === 5)]) {
      const merged = await inSegments(path, [cut]);
      expect(merged, `cut at ${cut}`).toBeDefined();
      same(merged!, path);
    }
    const merged = await inSegments(
      path,
      afterUnfinished.filter((_, i) => i % 50 === 0),
    );
    expect(merged).toBeDefined();
    same(merged!, path);
  });

  it('refuses a segment whose start depends on what came before beyond pending calls', async () => {
    const refusedAt = async (name: string, before: RegExp) => {
      const path = `${FIXTURES}${name}`;
      const at = readFileSync(path, 'latin1').search(before);
      expect(at, name).toBeGreaterThan(0);
      expect(await inSegments(path, [at]), name).toBeUndefined();
    };
    // A process that turned 32-bit (the guess from its calls, or strace's own line), and a -C table.
    await refusedAt('f.txt', /^\d+ +mmap2\(/m);
    await refusedAt('f-quiet-none.txt', /^\d+ +\[ Process PID=\d+ runs in 32 bit mode\. \]/m);
    await refusedAt('C.txt', /^% time /m);
  });

  describe('on traces written here', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seccompose-segments-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    let n = 0;
    const trace = (lines: string[]) => {
      const path = join(dir, `t${n++}.txt`);
      writeFileSync(path, `${lines.join('\n')}\n`);
      return path;
    };
    /** Where line `index` starts. */
    const lineAt = (path: string, index: number) => [0, ...lineStarts(path)][index]!;

    it('a call resumed in the next segment is counted once, with its error', async () => {
      const path = trace([
        '10 openat(AT_FDCWD, "/a", O_RDONLY <unfinished ...>',
        '11 read(3, "x", 1)                   = 1',
        '10 <... openat resumed>)              = -1 ENOENT (No such file or directory)',
        '10 +++ exited with 0 +++',
      ]);
      const merged = await inSegments(path, [lineAt(path, 2)]);
      same(merged!, path);
      expect(merged!.tally.toEvidence().syscalls.SCMP_ARCH_X86_64!.openat).toMatchObject({ count: 1, errors: 1 });
      expect(merged!.leaderEnd).toEqual({ code: 0, signal: null });
    });

    it('a resumption after its process ended in the same segment is not matched with the call before the cut', async () => {
      const path = trace([
        '10 read(3 <unfinished ...>',
        '10 +++ exited with 0 +++',
        '10 <... read resumed>"x", 1) = 1',
      ]);
      const merged = await inSegments(path, [lineAt(path, 1)]);
      same(merged!, path);
      expect(merged!.tally.toEvidence().syscalls.SCMP_ARCH_X86_64!.read!.count).toBe(2);
    });

    it('a SIGSYS first in a segment (it takes back the call before it) is refused; later in it, merged', async () => {
      const path = trace([
        '10 getpid()                           = 10',
        '10 mount("a", "b", NULL, 0, NULL)      = 0',
        '10 --- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x1, si_syscall=__NR_mount, si_arch=AUDIT_ARCH_X86_64} ---',
        '10 getpid()                           = 10',
      ]);
      expect(await inSegments(path, [lineAt(path, 2)])).toBeUndefined();
      same((await inSegments(path, [lineAt(path, 1)]))!, path);
    });

    it('a resumed call without a pid is found by its name, and refused when two processes left that call open', async () => {
      const one = trace(['read(3 <unfinished ...>', '<... read resumed>"x", 1) = 1', 'getpid() = 1']);
      same((await inSegments(one, [lineAt(one, 1)]))!, one);
      const two = trace([
        '[pid 10] read(3 <unfinished ...>',
        '[pid 11] read(4 <unfinished ...>',
        '<... read resumed>"x", 1) = 1',
        '[pid 11] <... read resumed>"y", 1) = 1',
      ]);
      expect(await inSegments(two, [lineAt(two, 2)])).toBeUndefined();
    });

    it('sample line numbers of later segments count the lines before them', async () => {
      const path = trace([
        '10 getpid() = 10',
        'not strace output',
        '10 getppid() = 1',
        'also not strace',
        '10 gettid() = 10',
      ]);
      const merged = await inSegments(path, [lineAt(path, 3)]);
      same(merged!, path);
      expect(merged!.tally.toEvidence().diagnostics.unparsedSamples.map((sample) => sample.line)).toEqual([2, 4]);
    });
  });
});
