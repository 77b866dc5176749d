import { describe, expect, it } from 'vitest';
import { namesOf, parseLines } from './parse-helpers.js';

// Every line below was printed by strace 6.1 on this machine (test/fixtures/strace-6.1/*).
const X64 = 'SCMP_ARCH_X86_64';

describe('strace line forms', () => {
  it.each([
    ['plain (no -f)', 'openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3', 'openat'],
    ['-f -o pid prefix', '9369  brk(NULL)                         = 0x55f55d7cd000', 'brk'],
    ['stderr [pid N] prefix', '[pid  9947] close(3)                    = 0', 'close'],
    ['-t', '9388  09:42:24 brk(NULL)                = 0x55be2eb1a000', 'brk'],
    ['-tt', '9432  09:42:25.404133 brk(NULL)         = 0x5562e2d9c000', 'brk'],
    ['-ttt', '9451  1795772545.326677 brk(NULL)       = 0x55f55d7cd000', 'brk'],
    ['-r', '9470       0.000139 brk(NULL)           = 0x55cb84cbd000', 'brk'],
    ['-r without -f', '     0.000139 brk(NULL)           = 0x55cb84cbd000', 'brk'],
    ['-T', '9489  brk(NULL)                         = 0x5598ba6e1000 <0.000006>', 'brk'],
    [
      '-y',
      '9523  read(3</usr/lib/x86_64-linux-gnu/libc.so.6>, "\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0P\\237\\2\\0\\0\\0\\0\\0"..., 832) = 832',
      'read',
    ],
    ['-yy socket', '9597  close(3<socket:[81234]>)          = 0', 'close'],
    ['-tt -T -yy', '9786  09:42:26.932690 brk(NULL)         = 0x56390f927000 <0.000002>', 'brk'],
    ['-n', '9719  [  12] brk(NULL)                  = 0x560a4d157000', 'brk'],
    ['-X raw', '9673  arch_prctl(0x1002, 0x7f067b579740) = 0', 'arch_prctl'],
    ['-X verbose', '9692  arch_prctl(0x1002 /* ARCH_SET_FS */, 0x7f657d295740) = 0', 'arch_prctl'],
    ['-ff file (no prefix) with -tt', '09:42:25.404133 pread64(3, "\\4\\0\\0\\0", 848, 64) = 848', 'pread64'],
    ['digits in names: dup3', '9369  dup3(3, 1, 0)                     = 1', 'dup3'],
    ['digits in names: wait4', '9369  wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 9370', 'wait4'],
    ['? return', '9383  exit_group(0)                     = ?', 'exit_group'],
    ['CRLF line end', '9369  getpid()                          = 9369\r', 'getpid'],
  ])('%s', (_form, line, name) => {
    const parser = parseLines([line]);
    expect(namesOf(parser)).toEqual({ [X64]: [name] });
    expect(parser.tally.toEvidence().diagnostics.unparsedLines).toBe(0);
  });

  it.each([
    ['-1 ENOENT', '9369  access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)', 1],
    [
      '-1 EPERM from a filter (still an attempt that ran)',
      '9382  getpgrp()                         = -1 EPERM (Operation not permitted)',
      1,
    ],
    [
      '-T after an error',
      '9489  access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory) <0.000008>',
      1,
    ],
    ['success', '9369  close(3)                          = 0', 0],
    [
      'restart is not an error',
      '9745  wait4(-1, 0x7ffd, 0, NULL)        = ? ERESTARTSYS (To be restarted if SA_RESTART is set)',
      0,
    ],
  ])('errors: %s', (_form, line, errors) => {
    const evidence = parseLines([line]).tally.toEvidence();
    const use = Object.values(evidence.syscalls[X64]!)[0]!;
    expect(use).toMatchObject({ count: 1, errors });
  });

  it('counts an unfinished/resumed pair once, interleaved across pids, with the error from the resume', () => {
    const parser = parseLines([
      '9745  read(3,  <unfinished ...>',
      '9750  close(11 <unfinished ...>',
      '9745  <... read resumed>"", 128)        = 0',
      '9750  <... close resumed>)              = -1 EBADF (Bad file descriptor)',
    ]);
    expect(parser.tally.toEvidence().syscalls[X64]).toEqual({
      read: { count: 1, errors: 0, firstSeen: 0 },
      close: { count: 1, errors: 1, firstSeen: 1 },
    });
  });

  it('counts a resumed call whose start was not traced (attached mid-call)', () => {
    expect(
      namesOf(parseLines(['9745  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 9751'])),
    ).toEqual({
      [X64]: ['wait4'],
    });
  });

  it('keeps a SIGSYS-trapped call as a blocked attempt, not a call that ran', () => {
    const lines = [
      '9382  getppid()                         = 110',
      '9382  --- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x7f51634e9829, si_syscall=__NR_getppid, si_arch=AUDIT_ARCH_X86_64} ---',
    ];
    const evidence = parseLines(lines).tally.toEvidence();
    expect(evidence.syscalls[X64]?.getppid).toBeUndefined();
    expect(evidence.blocked).toEqual({ [X64]: { getppid: 1 } });
  });

  it.each([
    [
      '-X raw',
      '9686  --- SIGSYS {si_signo=31, si_code=0x1, si_call_addr=0x7f7b2b930829, si_syscall=110, si_arch=0xc000003e} ---',
    ],
    [
      '-X verbose',
      '9705  --- SIGSYS {si_signo=31 /* SIGSYS */, si_code=0x1 /* SYS_SECCOMP */, si_call_addr=0x7f20815d0829, si_syscall=110 /* __NR_getppid */, si_arch=0xc000003e /* AUDIT_ARCH_X86_64 */} ---',
    ],
  ])('SIGSYS in %s form names the blocked call by number', (_form, line) => {
    expect(parseLines([line]).tally.toEvidence().blocked).toEqual({ [X64]: { getppid: 1 } });
  });

  it('ignores other signals and records the leader exit (code or signal)', () => {
    const exited = parseLines([
      '9745  execve("/usr/bin/sh", ["sh"], 0x7ffd /* 35 vars */) = 0',
      '9745  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=9750, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---',
      '9745  +++ exited with 3 +++',
    ]);
    expect(exited.leaderEnd).toEqual({ code: 3, signal: null });
    expect(parseLines(['9383  kill(9383, SIGKILL) = ?', '9383  +++ killed by SIGKILL +++']).leaderEnd).toEqual({
      code: null,
      signal: 'SIGKILL',
    });
    expect(
      parseLines(['9383  kill(9383, SIGSEGV) = 0', '9383  +++ killed by SIGSEGV (core dumped) +++']).leaderEnd,
    ).toEqual({ code: null, signal: 'SIGSEGV' });
  });

  it('attributes calls after a personality switch to that ABI, per pid', () => {
    const parser = parseLines([
      '9782  execve("/BIN/net32", ["/BIN/net32"], 0x55f3dbc5d880 /* 35 vars */ <unfinished ...>',
      '9781  wait4(-1,  <unfinished ...>',
      '9782  <... execve resumed>)             = 0',
      '9782  [ Process PID=9782 runs in 32 bit mode. ]',
      '9782  brk(NULL)                         = 0x57eda000',
      '9781  <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 9782',
      '9767  [ Process PID=9767 runs in x32 mode. ]',
      '9767  getpid()                          = -1 ENOSYS (Function not implemented)',
      '9767  [ Process PID=9767 runs in 64 bit mode. ]',
      '9767  exit_group(3)                     = ?',
    ]);
    expect(namesOf(parser)).toEqual({
      SCMP_ARCH_X32: ['getpid'],
      SCMP_ARCH_X86: ['brk'],
      SCMP_ARCH_X86_64: ['execve', 'exit_group', 'wait4'],
    });
  });

  it('recognizes 32-bit processes by i386-only calls when strace printed no personality lines', () => {
    const parser = parseLines([
      '9384  execve("/BIN/net32", ["/BIN/net32"], 0x56294ff7a880 /* 35 vars */) = 0',
      '9384  brk(NULL)                         = 0x57eda000',
      '9384  mmap2(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xf7f5e000',
      '9384  close(3)                          = 0',
      '9370  close(3)                          = 0',
    ]);
    expect(namesOf(parser)).toEqual({
      SCMP_ARCH_X86: ['brk', 'close', 'mmap2'],
      SCMP_ARCH_X86_64: ['close', 'execve'],
    });
    expect([...parser.notes].join()).toMatch(/i386-only/);
  });

  it.each([
    [
      'without -n: both socket and socketcall',
      '9824  socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3',
      ['socket', 'socketcall'],
    ],
    ['-n 102: socketcall', '9824  [ 102] socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3', ['socketcall']],
    ['-n 359: the direct socket syscall', '9824  [ 359] socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3', ['socket']],
  ])('i386 socket calls %s', (_form, line, names) => {
    const parser = parseLines(['9824  [ Process PID=9824 runs in 32 bit mode. ]', line]);
    expect(namesOf(parser)).toEqual({ SCMP_ARCH_X86: names });
  });

  it('keeps undecoded calls as unknown numbers: strace printed a number because it has no name, so none is invented', () => {
    const parser = parseLines([
      '9767  syscall_0x1c3(0x3, 0, 0, 0, 0, 0) = 0',
      '9767  syscall_0x104(0x3, 0, 0, 0, 0, 0) = 0',
      '9767  syscall_0x71(0x3, 0, 0, 0, 0, 0) = 0',
      '9767  syscall_451(0x3, 0, 0, 0, 0, 0) = 0',
      '9767  syscall_0x1f4(0x7ff193c5745d, 0x7ff193c4f829, 0xffffffffffffff80, 0x6, 0x6, 0x6) = -1 ENOSYS (Function not implemented)',
      '9767  getpid() = 9767',
    ]);
    expect(namesOf(parser)).toEqual({ [X64]: ['getpid'] });
    expect(parser.tally.toEvidence().diagnostics.unknownSyscalls).toEqual([
      'SCMP_ARCH_X86_64:0x104',
      'SCMP_ARCH_X86_64:0x1c3',
      'SCMP_ARCH_X86_64:0x1f4',
      'SCMP_ARCH_X86_64:0x71',
    ]);
  });

  it('decodes clone, clone3, socket, personality, prctl and bind arguments', () => {
    const evidence = parseLines([
      '9369  clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7fc8a38baa10) = 9370',
      '9377  clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7f1a58fba990, parent_tid=0x7f1a58fba990, exit_signal=0, stack=0x7f1a587ba000, stack_size=0x7fff80, tls=0x7f1a58fba6c0} <unfinished ...>',
      '9378  socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP <unfinished ...>',
      '9381  socket(AF_INET6, SOCK_STREAM|SOCK_NONBLOCK, IPPROTO_IP) = 3',
      '9381  bind(3, {sa_family=AF_INET, sin_port=htons(18766), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      '9685  bind(3, {sa_family=0xa, sin6_port="\\x49\\x4f", sin6_flowinfo="\\x00\\x00\\x00\\x00", sin6_addr="\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01", sin6_scope_id=0}, 28) = 0',
      '9381  personality(0xffffffff)           = 0 (PER_LINUX)',
      '9381  prctl(PR_SET_NAME, "seccompose-net") = 0',
      '9685  prctl(0x26, 1, 0, 0, 0)           = 0',
      '9692  clone(child_stack=NULL, flags=0x1200000 /* CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID */|17 /* SIGCHLD */, child_tidptr=0x7f657d295a10) = 9693',
    ]).tally.toEvidence();
    expect(evidence.args).toEqual({
      clone: { '0': { values: [0x1200011], truncated: false } },
      clone3: { '0': { values: [0x3d0f00], truncated: false } },
      personality: { '0': { values: [0xffffffff], truncated: false } },
      prctl: { '0': { values: [15, 38], truncated: false } },
      socket: {
        '0': { values: [2, 10], truncated: false },
        '1': { values: [1 + 0x800, 2 + 0x80000], truncated: false },
        '2': { values: [0], truncated: false },
      },
    });
    expect(evidence.bindPorts).toEqual([18766, 18767]);
  });

  it('counts lines that are not strace output, with line numbers, and keeps going', () => {
    const parser = parseLines(['9369  close(3) = 0', 'Serving HTTP on 127.0.0.1 port 8000', '9369  close(4) = 0']);
    expect(parser.tally.toEvidence().diagnostics).toMatchObject({
      unparsedLines: 1,
      unparsedSamples: [{ line: 2, text: 'Serving HTTP on 127.0.0.1 port 8000' }],
    });
    expect(parser.tally.toEvidence().syscalls[X64]?.close?.count).toBe(2);
  });

  it('ignores strace messages and the pieces of lines strace split with them (stderr output)', () => {
    const parser = parseLines([
      'vfork(strace: Process 9949 attached',
      ' <unfinished ...>',
      '[pid  9949] execve("/usr/bin/mkdir", ["mkdir", "/tmp/x"], 0x55f3 /* 35 vars */ <unfinished ...>',
      '[pid  9947] <... vfork resumed>)        = 9949',
      'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process 9948 attached',
      ', child_tidptr=0x7f6e1ef91a10) = 9948',
    ]);
    expect(parser.tally.toEvidence().diagnostics.unparsedLines).toBe(0);
    expect(parser.tally.toEvidence().syscalls[X64]).toMatchObject({
      vfork: { count: 1 },
      execve: { count: 1 },
      clone: { count: 1 },
    });
  });
});
