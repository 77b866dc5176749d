/** ENOSYS = 38 on every Linux ABI seccomp supports (asm-generic/errno.h; x86 and arm agree). */
export const ENOSYS = 38;

/** One syscall that a C library tries first and replaces with older calls when the kernel says ENOSYS. */
export interface Fallback {
  name: string;
  /** What the library does instead. */
  fallback: string;
  /** Which library, from which version, and where (checked in the library's source). */
  library: string;
  /** What happens if the call gets EPERM instead of ENOSYS. */
  onEperm: string;
}

/**
 * The upgrade-resilience table. A profile recorded against an older libc never sees these calls;
 * a newer libc in a rebuilt image tries them first and only falls back when the kernel answers
 * ENOSYS. The profile's default EPERM makes several of them fail outright (the glibc 2.33
 * faccessat2 breakage under older Docker profiles), so `generate` answers them with an explicit
 * ERRNO(ENOSYS) rule when they were not observed. Only calls where a libc really has an ENOSYS
 * fallback are listed; calls that only applications probe (openat2, epoll_pwait2, pidfd_open,
 * pidfd_send_signal, futex_waitv, map_shadow_stack, cachestat, mseal) are left to the default
 * action — see README "Upgrade-resilient fallbacks".
 */
export const FALLBACKS: readonly Fallback[] = [
  {
    name: 'clone3',
    fallback: 'clone',
    library:
      'glibc ≥ 2.34 __clone_internal (pthread_create, posix_spawn, fork paths): retries with clone only on ENOSYS',
    onEperm: 'thread and process creation fail',
  },
  {
    name: 'close_range',
    fallback: 'closing each descriptor listed in /proc/self/fd',
    library: 'glibc ≥ 2.34 closefrom and posix_spawn closefrom actions (fall back on any error)',
    onEperm: 'glibc copes; programs calling close_range directly (Python, systemd) check for ENOSYS',
  },
  {
    name: 'faccessat2',
    fallback: 'faccessat, or fstatat plus a permission check for AT_EACCESS/AT_SYMLINK_NOFOLLOW',
    library: 'glibc ≥ 2.33 faccessat/access family; musl ≥ 1.2.2 faccessat with flags',
    onEperm: 'access()/faccessat() report EPERM: shells and scripts think files are inaccessible',
  },
  {
    name: 'fchmodat2',
    fallback: 'fchmodat on an O_PATH descriptor through /proc/self/fd',
    library: 'glibc ≥ 2.39 fchmodat(AT_SYMLINK_NOFOLLOW) (lchmod); musl ≥ 1.2.5',
    onEperm: 'lchmod/fchmodat(AT_SYMLINK_NOFOLLOW) fail',
  },
  {
    name: 'getrandom',
    fallback: 'reading /dev/urandom',
    library: 'glibc ≥ 2.36 arc4random: falls back only on ENOSYS, any other error is fatal',
    onEperm: 'arc4random aborts ("Fatal glibc error: cannot get entropy for arc4random")',
  },
  {
    name: 'rseq',
    fallback: 'running without restartable sequences (sched_getcpu uses getcpu)',
    library: 'glibc ≥ 2.35 registers rseq for every thread and disables it when registration fails',
    onEperm: 'glibc copes; ENOSYS is what an older kernel answers, so behaviour matches it exactly',
  },
  {
    name: 'statx',
    fallback: 'fstatat64/newfstatat',
    library: 'glibc ≥ 2.33 stat family on 32-bit ABIs (i386 time64 stat): falls back only on ENOSYS',
    onEperm: 'every stat() of a 32-bit program fails',
  },
];

const byName = new Map(FALLBACKS.map((f) => [f.name, f] as const));

/** The fallback entry for `name`, if libc has an ENOSYS fallback for it. */
export function fallbackFor(name: string): Fallback | undefined {
  return byName.get(name);
}
