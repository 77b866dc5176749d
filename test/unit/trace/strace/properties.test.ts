import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture, parseChunks } from './parse-helpers.js';

/** Split `data` at the given (sorted, deduplicated) offsets. */
function split(data: Buffer, cuts: number[]): Buffer[] {
  const offsets = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let last = 0;
  for (const at of offsets) {
    chunks.push(data.subarray(last, at));
    last = at;
  }
  chunks.push(data.subarray(last));
  return chunks;
}

const LINE_PIECES = [
  '9369  ',
  '[pid  42] ',
  '09:42:24.404133 ',
  '[  12] ',
  'openat(AT_FDCWD, "/x", O_RDONLY)',
  ' = ',
  '-1 ENOENT (No such file)',
  ' <unfinished ...>',
  '<... read resumed>',
  '--- SIGSYS {si_code=SYS_SECCOMP, si_syscall=__NR_getppid, si_arch=AUDIT_ARCH_I386} ---',
  '+++ exited with 1 +++',
  '+++ killed by SIGKILL +++',
  '[ Process PID=42 runs in 32 bit mode. ]',
  '% time     seconds  usecs/call     calls    errors syscall',
  ' 56.14    0.002344          97        24        12 wait4',
  '------ -----',
  'syscall_0x1c3(',
  'clone(flags=CLONE_VM|SIGCHLD',
  'bind(3, {sin_port=htons(',
  '\n',
  '\r\n',
  '(',
  ')',
  '"',
];

describe('strace parser properties', () => {
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        parseChunks([Buffer.from(bytes)]);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary mixes of real line pieces', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...LINE_PIECES), { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (pieces, cuts) => {
          const data = Buffer.from(pieces.join(''), 'latin1');
          parseChunks(split(data, cuts)).tally.toEvidence();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splitting a real trace into random chunks gives an identical observation', () => {
    const data = fixture('f-quiet-none.txt');
    const whole = parseChunks([data]);
    const expected = JSON.stringify(whole.tally.toEvidence());
    fc.assert(
      fc.property(fc.array(fc.nat({ max: data.length }), { minLength: 1, maxLength: 40 }), (cuts) => {
        const parser = parseChunks(split(data, cuts));
        expect(JSON.stringify(parser.tally.toEvidence())).toBe(expected);
        expect(parser.leaderEnd).toEqual(whole.leaderEnd);
      }),
      { numRuns: 60 },
    );
  });

  it('splitting mixed input (with non-strace lines) into chunks gives the same evidence', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...LINE_PIECES), { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (pieces, cuts) => {
          const data = Buffer.from(pieces.join(''), 'latin1');
          expect(JSON.stringify(parseChunks(split(data, cuts)).tally.toEvidence())).toBe(
            JSON.stringify(parseChunks([data]).tally.toEvidence()),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
