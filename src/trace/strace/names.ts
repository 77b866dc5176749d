import type { SeccompArch } from '../../model/profile.js';

/**
 * strace names vs libseccomp names. Checked on this machine (strace 6.1, x86_64 and i386 via
 * `strace -e trace=NAME@64|@32`): every syscall strace knows is spelled as in the kernel tables
 * (which libseccomp uses), so no renaming is needed; the differences are
 * - calls strace has no name for in the process's personality, printed as `syscall_0x1c3` /
 *   `syscall_451`: kept as unknown numbers (`undecodedNumber`), never mapped to a name;
 * - i386 socketcall(2)/ipc(2) subcalls printed under the subcall's name (below).
 */

/** i386 syscall numbers of the multiplexers, as `strace -n` shows them. */
export const I386_SOCKETCALL_NR = 102;
export const I386_IPC_NR = 117;

/**
 * Names that exist only in the i386 table (never on x86_64): when a trace lacks strace's
 * "[ Process PID=N runs in 32 bit mode. ]" lines (strace -o FILE is quiet about personality by
 * default), the first of these in a process shows that it runs 32-bit code.
 */
export const I386_ONLY_NAMES: ReadonlySet<string> = new Set([
  'mmap2',
  '_llseek',
  '_newselect',
  'fstat64',
  'stat64',
  'lstat64',
  'fstatat64',
  'fcntl64',
  'ugetrlimit',
  'socketcall',
  'ipc',
  'waitpid',
  'sigreturn',
  'sigaction',
  'sigprocmask',
  'sigsuspend',
  'sigpending',
  'getuid32',
  'geteuid32',
  'getgid32',
  'getegid32',
  'setuid32',
  'setgid32',
  'setreuid32',
  'setregid32',
  'setresuid32',
  'getresuid32',
  'setresgid32',
  'getresgid32',
  'chown32',
  'lchown32',
  'fchown32',
  'getgroups32',
  'setgroups32',
  'setfsuid32',
  'setfsgid32',
  'truncate64',
  'ftruncate64',
  'sendfile64',
  'statfs64',
  'fstatfs64',
  'fadvise64_64',
  'getdents64_32',
  'clock_gettime64',
  'clock_settime64',
  'clock_adjtime64',
  'clock_getres_time64',
  'clock_nanosleep_time64',
  'timer_gettime64',
  'timer_settime64',
  'timerfd_gettime64',
  'timerfd_settime64',
  'utimensat_time64',
  'pselect6_time64',
  'ppoll_time64',
  'io_pgetevents_time64',
  'recvmmsg_time64',
  'mq_timedsend_time64',
  'mq_timedreceive_time64',
  'semtimedop_time64',
  'rt_sigtimedwait_time64',
  'futex_time64',
  'sched_rr_get_interval_time64',
  'vm86',
  'vm86old',
  'set_thread_area_32',
]);

/** clone-family calls: their return value is the new process or thread's id. */
export const CLONE_FAMILY: ReadonlySet<string> = new Set(['clone', 'clone3', 'fork', 'vfork']);

/** The ABI strace means by "32 bit" / "x32" / "64 bit" mode on a machine whose native ABI is `native`. */
export function personalityAbi(mode: string, native: SeccompArch): SeccompArch {
  if (mode === 'x32') return 'SCMP_ARCH_X32';
  if (mode === '32 bit') {
    if (native === 'SCMP_ARCH_X86_64') return 'SCMP_ARCH_X86';
    if (native === 'SCMP_ARCH_AARCH64') return 'SCMP_ARCH_ARM';
    if (native === 'SCMP_ARCH_S390X') return 'SCMP_ARCH_S390';
    if (native === 'SCMP_ARCH_PPC64LE' || native === 'SCMP_ARCH_PPC64') return 'SCMP_ARCH_PPC';
  }
  return native;
}

/**
 * `syscall_0x1c3` / `syscall_451` → 451: the number of a call strace printed undecoded (its table
 * for the process's personality has no name for it). Undefined when the text is not of that form.
 */
export function undecodedNumber(printed: string): number | undefined {
  const digits = printed.slice('syscall_'.length);
  return /^(0x[0-9a-f]+|\d+)$/i.test(digits) ? Number(digits) : undefined;
}
