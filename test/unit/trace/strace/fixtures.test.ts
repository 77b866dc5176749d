import { describe, expect, it } from 'vitest';
import { isKnownSyscall, syscallNumber } from '../../../../src/kernel/syscalls.js';
import type { SeccompArch } from '../../../../src/model/profile.js';
import { fixture, namesOf, parseChunks } from './parse-helpers.js';

// The same workload (test/fixtures/strace-6.1/workload.sh) traced with each flag combination.
const FILE_OPS = ['mkdir', 'renameat2', 'symlinkat', 'fchmodat', 'unlinkat'];
const THREADS = ['clone3', 'futex', 'set_robust_list', 'exit'];
const NET = ['socket', 'bind', 'listen', 'personality', 'prctl'];
const X86_NET32 = [
  'brk',
  'mmap2',
  'set_thread_area',
  'ugetrlimit',
  'statx',
  'socketcall',
  'personality',
  'prctl',
  'exit_group',
];
const TRACES = [
  'f.txt',
  'f-t.txt',
  'f-tt.txt',
  'f-ttt.txt',
  'f-r.txt',
  'f-T.txt',
  'f-y.txt',
  'f-yy.txt',
  'f-s0.txt',
  'f-s256-v.txt',
  'f-Xraw.txt',
  'f-Xverbose.txt',
  'f-n.txt',
  'f-quiet-none.txt',
  'f-tt-T-yy.txt',
  'f-tuned.txt',
  'stderr.txt',
  'C.txt',
];

describe('strace 6.1 fixtures', () => {
  it.each(TRACES)("%s: the workload's syscalls per ABI, blocked call, unknown, ports, exit", (name) => {
    const parser = parseChunks([fixture(name)]);
    const names = namesOf(parser);
    const evidence = parser.tally.toEvidence();
    expect(names.SCMP_ARCH_X86_64).toEqual(
      expect.arrayContaining([...FILE_OPS, ...THREADS, ...NET, 'execve', 'getpgrp']),
    );
    expect(names.SCMP_ARCH_X86).toEqual(expect.arrayContaining(X86_NET32));
    expect(names.SCMP_ARCH_X86_64).not.toContain('mmap2');
    expect(evidence.syscalls.SCMP_ARCH_X86_64?.getpgrp).toMatchObject({ count: 1, errors: 1 });
    expect(evidence.blocked).toEqual({ SCMP_ARCH_X86_64: { getppid: 1 } });
    expect(evidence.diagnostics.unknownSyscalls).toEqual(['SCMP_ARCH_X86_64:0x1f4']);
    expect(evidence.diagnostics.unparsedLines).toBe(0);
    expect(evidence.bindPorts).toEqual([18766, 18767]);
    expect(evidence.args.socket?.['0']?.values).toEqual([2, 10]);
    expect(parser.leaderEnd).toEqual({ code: 0, signal: null });
  });

  it('every flag combination yields the same x86_64 set (the flags change the form, not the facts)', () => {
    const reference = namesOf(parseChunks([fixture('f.txt')])).SCMP_ARCH_X86_64;
    for (const name of TRACES) expect(namesOf(parseChunks([fixture(name)])).SCMP_ARCH_X86_64, name).toEqual(reference);
  });

  it('every name the parser reports is a syscall of that ABI in the kernel tables', () => {
    for (const name of TRACES) {
      for (const [arch, names] of Object.entries(namesOf(parseChunks([fixture(name)])))) {
        for (const syscall of names) {
          expect(syscallNumber(arch as SeccompArch, syscall), `${name}: ${arch} ${syscall}`).toBeDefined();
          expect(isKnownSyscall(syscall)).toBe(true);
        }
      }
    }
  });

  it('with personality lines (-e quiet=none) the x32 call is attributed to x32', () => {
    expect(namesOf(parseChunks([fixture('f-quiet-none.txt')])).SCMP_ARCH_X32).toEqual(['getpid']);
  });

  it('a child killed by SIGKILL is not the leader: the workload still exited 0', () => {
    const parser = parseChunks([fixture('f.txt')]);
    expect(fixture('f.txt').toString()).toMatch(/\+\+\+ killed by SIGKILL \+\+\+/);
    expect(parser.leaderEnd).toEqual({ code: 0, signal: null });
  });

  it.each(['c.txt', 'c-f.txt', 'c-f-w-S.txt'])('strace -c table %s: counts and errors', (name) => {
    const evidence = parseChunks([fixture(name)]).tally.toEvidence();
    const x64 = evidence.syscalls.SCMP_ARCH_X86_64!;
    expect(x64.wait4).toMatchObject({ count: 24, errors: 12 });
    expect(evidence.diagnostics.unparsedLines).toBe(0);
    if (name !== 'c.txt') {
      expect(x64).toMatchObject({
        wait4: { count: 24, errors: 12 },
        openat: { count: 236, errors: 91 },
        newfstatat: { count: 224, errors: 64 },
      });
      expect(Object.keys(evidence.syscalls.SCMP_ARCH_X86!)).toEqual(expect.arrayContaining(['mmap2', 'socketcall']));
      expect(evidence.syscalls.SCMP_ARCH_X32).toEqual({ getpid: { count: 1, errors: 1, firstSeen: 0 } });
    }
  });

  it('strace -C: the table after the lines is not counted twice', () => {
    const withTable = parseChunks([fixture('C.txt')]).tally.toEvidence();
    const lines = parseChunks([fixture('f.txt')]).tally.toEvidence();
    expect(withTable.syscalls.SCMP_ARCH_X86_64?.wait4?.count).toBe(lines.syscalls.SCMP_ARCH_X86_64?.wait4?.count);
  });
});
