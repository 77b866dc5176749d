import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QemuStraceParser } from '../../../../src/trace/qemu/parse.js';
import { detectTraceFormat } from '../../../../src/trace/qemu/detect.js';
import { ingestQemuStrace } from '../../../../src/trace/qemu/ingest.js';
import { ingestTraceFiles } from '../../../../src/trace/trace-files.js';
import { SyscallTally } from '../../../../src/observation/tally.js';
import { repoRoot } from '../../../helpers/cli.js';
import { observationSchema } from '../../../../src/model/observation.js';
import { stableJson } from '../../../../src/model/stable-order.js';

const qemuDir = join(repoRoot, 'test', 'fixtures', 'qemu-7.2');
const straceDir = join(repoRoot, 'test', 'fixtures', 'strace-6.1');
const AARCH64 = 'SCMP_ARCH_AARCH64' as const;

function parse(text: string, chunk = 1 << 16) {
  const tally = new SyscallTally();
  const parser = new QemuStraceParser(tally, AARCH64);
  const bytes = Buffer.from(text, 'latin1');
  for (let i = 0; i < bytes.length; i += chunk) parser.push(bytes.subarray(i, i + chunk));
  parser.end();
  return { parser, evidence: tally.toEvidence() };
}

const counts = (text: string, chunk?: number) =>
  Object.fromEntries(
    Object.entries(parse(text, chunk).evidence.syscalls[AARCH64] ?? {}).map(([n, u]) => [n, [u.count, u.errors]]),
  );

describe('QemuStraceParser', () => {
  it.each([
    ['606 brk(NULL) = 0x0000005500042000', { brk: [1, 0] }],
    [
      '605 faccessat(AT_FDCWD,"/etc/ld.so.preload",R_OK,AT_SYMLINK_NOFOLLOW|0x6474e452) = -1 errno=2 (No such file or directory)',
      { faccessat: [1, 1] },
    ],
    ['605 newfstatat(3,"",0x00000055028417c0,0x1000) = 0', { newfstatat: [1, 0] }],
    ['634 Unknown syscall 293', { rseq: [1, 0] }],
    ['616 exit_group(3)', { exit_group: [1, 0] }],
    ['634 write(1,0x4d360,"a) b\\"(",392) = 392', { write: [1, 0] }],
    [
      '18305 wait4(-1,365114372764,0,0,1,365072439968)18309 rt_sigprocmask(SIG_SETMASK,0x0000005502833258,0x00000055028332d8) = 0\n = 18309',
      { rt_sigprocmask: [1, 0], wait4: [1, 0] },
    ],
    [
      '18309 execve("/bin/cat",{"/bin/cat","f1",NULL})hi\n = -1 errno=2 (No such file or directory)',
      { execve: [1, 1] },
    ],
  ])('%s', (line, expected) => {
    expect(counts(`${line}\n`)).toEqual(expected);
  });

  it('keeps numbers its ABI table does not name as unknown, and signals as recognized lines', () => {
    const { parser, evidence } = parse('7 Unknown syscall 4095\n--- SIGCHLD {si_signo=SIGCHLD, si_code=1} ---\n');
    expect(evidence.diagnostics.unknownSyscalls).toEqual(['SCMP_ARCH_AARCH64:4095']);
    expect(parser.recognized).toBe(2);
  });

  it('reads the glued and interleaved excerpt exactly, in any chunking', () => {
    const text = readFileSync(join(qemuDir, 'sh-glued-excerpt.txt'), 'latin1');
    const expected = {
      clone: [1, 0],
      close: [3, 0],
      dup3: [2, 0],
      execve: [1, 0],
      exit_group: [1, 0],
      fcntl: [2, 0],
      rt_sigaction: [1, 0],
      rt_sigprocmask: [3, 0],
      rt_sigreturn: [1, 1],
      wait4: [2, 1],
      write: [1, 0],
    };
    expect(counts(text)).toEqual(expected);
    expect(counts(text, 7)).toEqual(expected);
    expect(parse(text).parser.leaderExit).toBe(0);
  });

  it('counts program output mixed into the trace as unparsed lines', () => {
    const { evidence, parser } = parse(readFileSync(join(qemuDir, 'sh-exec-interleaved.txt'), 'latin1'));
    expect(evidence.diagnostics.unparsedLines).toBe(0);
    expect(parser.leaderExit).toBe(3);
    const mixed = parse('hello from the program\n605 close(3) = 0\n');
    expect(mixed.evidence.diagnostics.unparsedSamples).toEqual([{ line: 1, text: 'hello from the program' }]);
  });
});

describe('detectTraceFormat', () => {
  it.each(['ls-la.txt', 'python3-socket.txt', 'sh-exec-interleaved.txt', 'sh-glued-excerpt.txt'])(
    'qemu: %s',
    (file) => {
      expect(detectTraceFormat(readFileSync(join(qemuDir, file), 'latin1'))).toBe('qemu');
    },
  );

  it.each(['f-T.txt', 'f-n.txt', 'f-Xraw.txt', 'c.txt', 'C.txt'])('strace: %s', (file) => {
    expect(detectTraceFormat(readFileSync(join(straceDir, file), 'latin1'))).toBe('strace');
  });
});

describe('ingesting qemu -strace output', () => {
  it('gives the exact aarch64 set of ls -la, with the exit status', async () => {
    const observation = await ingestQemuStrace([{ path: join(qemuDir, 'ls-la.txt') }], AARCH64);
    // Built without the schema: the same object, keys in the schema's order (the file is byte-identical).
    expect(stableJson(observationSchema.parse(observation))).toBe(stableJson(observation));
    expect(Object.keys(observation.syscalls)).toEqual([AARCH64]);
    // The names of the file's lines (grep -oE '^[0-9]+ [a-z_0-9]+\(' ls-la.txt), with `Unknown syscall 293` as rseq.
    expect(Object.keys(observation.syscalls[AARCH64]!)).toEqual([
      'brk',
      'clock_gettime',
      'close',
      'connect',
      'exit_group',
      'faccessat',
      'futex',
      'getdents64',
      'getrandom',
      'getxattr',
      'ioctl',
      'lgetxattr',
      'lseek',
      'mmap',
      'mprotect',
      'munmap',
      'newfstatat',
      'openat',
      'prlimit64',
      'read',
      'readlinkat',
      'rseq',
      'set_robust_list',
      'set_tid_address',
      'socket',
      'statfs',
      'statx',
      'write',
    ]);
    expect(observation.exit).toEqual({ code: 0, signal: null });
    expect(observation.diagnostics.unparsedLines).toBe(0);
  });

  it('is chosen for qemu output, needs --trace-arch, and leaves strace output to the strace reader', async () => {
    const qemu = join(qemuDir, 'python3-socket.txt');
    await expect(ingestTraceFiles([qemu])).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('qemu -strace output does not say which ABI it traced'),
    });
    const observation = await ingestTraceFiles([qemu], { traceArch: AARCH64 });
    expect(observation.syscalls[AARCH64]?.socket).toBeDefined();
    expect(observation.exit.code).toBe(1);
    const stdin = (async function* () {
      yield readFileSync(qemu);
    })();
    expect((await ingestTraceFiles(['-'], { traceArch: AARCH64, stdin })).syscalls).toEqual(observation.syscalls);
    const strace = await ingestTraceFiles([join(straceDir, 'f-T.txt')]);
    expect(Object.keys(strace.syscalls)).toContain('SCMP_ARCH_X86_64');
    expect(strace.backend.version).toBe('unknown (ingested output)');
    await expect(ingestTraceFiles([qemu, join(straceDir, 'f-T.txt')], { traceArch: AARCH64 })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('mixed with strace output'),
    });
  });
});
