import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/errors.js';
import { ingestStraceFiles } from '../../../../src/trace/strace/ingest.js';
import { FIXTURES, namesOf, parseChunks } from './parse-helpers.js';

// One fixture per form of strace output found in others' logs (test/fixtures/strace-6.1/forms/README.md).
const form = (name: string): Buffer => readFileSync(`${FIXTURES}forms/${name}`);
const native = 'SCMP_ARCH_X86_64' as const;

/** Every syscall of `sh -c 'ls -la /usr/share/doc/strace; cat /nonexistent; true'` (capture.sh). */
const TABLE_SET = [
  'access',
  'arch_prctl',
  'brk',
  'close',
  'connect',
  'dup2',
  'execve',
  'fcntl',
  'futex',
  'getdents64',
  'getegid',
  'geteuid',
  'getgid',
  'getpid',
  'getppid',
  'getrandom',
  'getuid',
  'getxattr',
  'ioctl',
  'lgetxattr',
  'lseek',
  'mmap',
  'mprotect',
  'munmap',
  'newfstatat',
  'openat',
  'pread64',
  'prlimit64',
  'read',
  'rseq',
  'rt_sigaction',
  'rt_sigprocmask',
  'rt_sigreturn',
  'set_robust_list',
  'set_tid_address',
  'socket',
  'statfs',
  'statx',
  'vfork',
  'wait4',
  'write',
];

/** The `total` row of a table: its calls and errors (the columns the table has). */
function totalRow(text: string): { calls: number; errors: number } {
  const lines = text.split('\n');
  const header = lines[0]!.trim().split(/\s+/);
  const titles = header[0] === '%' ? ['% time', ...header.slice(2)] : header;
  const cells = lines
    .find((l) => / total$/.test(l))!
    .trim()
    .split(/\s+/);
  const at = (title: string) => titles.indexOf(title);
  return { calls: Number(cells[at('calls')]), errors: at('errors') < 0 ? 0 : Number(cells[at('errors')]) };
}

describe('strace -c table forms', () => {
  it.each([
    ['c-comma.txt', 'comma-decimal locale (LC_ALL=de_DE.UTF-8): 71,09    0,002683'],
    ['c-no-percent.txt', 'header without its "% ": time     seconds  usecs/call ...'],
    ['c-U.txt', '-U total-time,avg-time,calls,errors,name: no % column'],
    ['c-U-errors-first.txt', '-U errors,calls,name: the blank errors cell comes first'],
  ])('%s (%s): the exact set, and counts that add up to the total row', (name) => {
    const text = form(name).toString('latin1');
    const evidence = parseChunks([form(name)]).tally.toEvidence();
    const x64 = evidence.syscalls.SCMP_ARCH_X86_64!;
    expect(Object.keys(x64).sort()).toEqual(TABLE_SET);
    expect(Object.keys(evidence.syscalls)).toEqual([native]);
    expect(x64.wait4).toMatchObject({ count: 4, errors: 2 });
    expect(x64.vfork).toMatchObject({ count: 2, errors: 0 });
    const uses = Object.values(x64);
    expect({
      calls: uses.reduce((n, u) => n + u.count, 0),
      errors: uses.reduce((n, u) => n + u.errors, 0),
    }).toEqual(totalRow(text));
    expect(evidence.diagnostics.unparsedLines).toBe(0);
  });
});

describe('ARM private syscalls', () => {
  const ARM_SET = ['breakpoint', 'cacheflush', 'set_tls', 'usr26', 'usr32'];

  it('a trace taken on 32-bit ARM (record --trace-arch arm) keeps set_tls, cacheflush, breakpoint, usr26, usr32', () => {
    const parser = parseChunks([form('arm-private.txt')], { native: 'SCMP_ARCH_ARM' });
    expect(namesOf(parser)).toEqual({
      SCMP_ARCH_ARM: [
        'access',
        ...ARM_SET.slice(0, 2),
        'brk',
        'close',
        'execve',
        'exit_group',
        'fstat64',
        'mmap2',
        'openat',
        'set_tid_address',
        ...ARM_SET.slice(2),
        'uname',
        'write',
      ].sort(),
    });
  });

  it('a 32-bit ARM process on an aarch64 host ([ Process PID=N runs in 32 bit mode. ]) is counted on arm', () => {
    const parser = parseChunks([form('arm-compat.txt')], { native: 'SCMP_ARCH_AARCH64' });
    expect(namesOf(parser)).toEqual({
      SCMP_ARCH_AARCH64: ['execve'],
      SCMP_ARCH_ARM: ['brk', 'exit_group', ...ARM_SET, 'write'].sort(),
    });
  });
});

describe('undecoded calls', () => {
  it('syscall_0x104 / syscall_0x71 stay unknown numbers (never fchownat / setreuid), reported in diagnostics', () => {
    const evidence = parseChunks([form('undecoded.txt')]).tally.toEvidence();
    expect(namesOf(parseChunks([form('undecoded.txt')]))).toEqual({
      SCMP_ARCH_X86_64: ['execve', 'exit_group', 'getpid'],
    });
    expect(evidence.diagnostics.unknownSyscalls).toEqual([
      'SCMP_ARCH_X86_64:0x104',
      'SCMP_ARCH_X86_64:0x1c3',
      'SCMP_ARCH_X86_64:0x71',
    ]);
  });
});

describe('input that is not a trace', () => {
  it('random bytes are refused (exit 2), naming the first lines that are not strace output', async () => {
    const bytes = form('random.bin');
    const error = await ingestStraceFiles(['-'], { native, stdin: Readable.from([bytes]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as InputError).message).toMatch(
      /^-: (not strace output: \d+ of \d+ lines are not strace lines|no strace output found) \(first: line \d+: /,
    );
  });

  it('no call is invented from words followed by "(" in text that is not a trace', () => {
    const parser = parseChunks([form('random.bin'), 'b(1) = 0\n_(x) = 0\neht(2) = 1\nthe (cat) = 3\n']);
    expect(namesOf(parser)).toEqual({});
  });

  it('a trace with a few foreign lines (a program writing to the same stderr) is read, the lines reported', async () => {
    const lines = `${form('undecoded.txt').toString()}hello from the program\n`;
    const observation = await ingestStraceFiles(['-'], { native, stdin: Readable.from([Buffer.from(lines)]) });
    expect(observation.complete).toBe(true);
    expect(observation.diagnostics.unparsedSamples).toEqual([{ line: 8, text: 'hello from the program' }]);
  });
});
