import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/errors.js';
import { observationSchema } from '../../../../src/model/observation.js';
import { stableJson } from '../../../../src/model/stable-order.js';
import { ingestStraceFiles } from '../../../../src/trace/strace/ingest.js';
import { FIXTURES, fixture } from './parse-helpers.js';

const native = 'SCMP_ARCH_X86_64' as const;

describe('ingestStraceFiles', () => {
  it('turns a -f trace into a valid trace-files observation', async () => {
    const observation = await ingestStraceFiles([`${FIXTURES}f.txt`], { native });
    // Built without the schema: the same object, keys in the schema's order (the file is byte-identical).
    expect(stableJson(observationSchema.parse(observation))).toBe(stableJson(observation));
    expect(observation.workload).toEqual({ kind: 'trace-files', files: [`${FIXTURES}f.txt`] });
    expect(observation.backend.name).toBe('strace');
    expect(observation.exit).toEqual({ code: 0, signal: null });
    expect(Object.keys(observation.syscalls.SCMP_ARCH_X86_64!)).toEqual(
      expect.arrayContaining(['mkdir', 'renameat2', 'unlinkat']),
    );
  });

  it('reads a -ff set from its prefix, and the same set from its files, like the -f trace of the same workload', async () => {
    const byPrefix = await ingestStraceFiles([`${FIXTURES}ff/trace`], { native });
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(`${FIXTURES}ff`).map((f) => `${FIXTURES}ff/${f}`);
    const byFiles = await ingestStraceFiles(files, { native });
    const single = await ingestStraceFiles([`${FIXTURES}f.txt`], { native });
    const names = (o: typeof single) =>
      Object.fromEntries(Object.entries(o.syscalls).map(([a, m]) => [a, Object.keys(m!).sort()]));
    expect(names(byFiles)).toEqual(names(byPrefix));
    expect(names(byPrefix).SCMP_ARCH_X86_64).toEqual(names(single).SCMP_ARCH_X86_64);
    expect(byPrefix.blocked).toEqual({ SCMP_ARCH_X86_64: { getppid: 1 } });
    expect(byPrefix.exit).toEqual({ code: 0, signal: null });
  });

  it('reads - from stdin', async () => {
    const observation = await ingestStraceFiles(['-'], { native, stdin: Readable.from([fixture('f-tt.txt')]) });
    expect(observation.workload).toEqual({ kind: 'trace-files', files: ['-'] });
    expect(observation.bindPorts).toEqual([18766, 18767]);
  });

  it('rejects input with no strace output at all, naming the input and the expected form', async () => {
    const error = await ingestStraceFiles(['-'], {
      native,
      stdin: Readable.from([Buffer.from('hello\nworld\n')]),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /^-: no strace output found \(first: line 1: "hello"; line 2: "world"\); expected syscall lines like/,
    );
    expect((error as InputError).hint).toMatch(/strace -f/);
  });

  it('names a missing file (and the -ff prefix form) in the error', async () => {
    const error = await ingestStraceFiles(['/nonexistent/trace'], { native }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /\/nonexistent\/trace: no such file, and no \/nonexistent\/trace\.PID files/,
    );
  });

  it('keeps going past non-strace lines and reports the first ones with line numbers', async () => {
    const text = `9369  close(3) = 0\nSome program output\n9369  close(4) = 0\n`;
    const observation = await ingestStraceFiles(['-'], { native, stdin: Readable.from([Buffer.from(text)]) });
    expect(observation.diagnostics.unparsedLines).toBe(1);
    expect(observation.diagnostics.unparsedSamples).toEqual([{ line: 2, text: 'Some program output' }]);
  });
});
