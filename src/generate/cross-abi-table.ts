import { gone, legacy, MIPS_ABIS, on, only, ownOnly, X86_64_ABIS, type CrossAbiRow } from './cross-abi-row.js';
import { WIDENED_ROWS } from './cross-abi-wide.js';

/**
 * The cross-ABI table: for each operation, what glibc (≥ 2.33, as in Debian bookworm) and musl
 * (≥ 1.2) issue on each ABI. Checked against libseccomp's syscall table by
 * scripts/check-cross-abi.ts (every name exists; every call of x86_64, i386, x32, arm, aarch64
 * and riscv64 missing on another of them has a row) and, for x86_64 → aarch64, against qemu
 * traces of the same programs (test/integration/cross-abi.test.ts).
 */
export const CROSS_ABI_ROWS: readonly CrossAbiRow[] = [
  { from: ['open', 'creat'], to: [only('openat')], note: 'glibc ≥ 2.26 and musl open()/creat() issue openat' },
  {
    from: ['stat', 'lstat', 'stat64', 'lstat64', 'oldstat', 'oldlstat', 'fstatat64'],
    to: [on(['SCMP_ARCH_LOONGARCH64'], 'statx'), only('newfstatat'), only('statx', 'fstatat64')],
    note: 'glibc ≥ 2.33 stat()/lstat(): newfstatat on 64-bit ABIs, statx then fstatat64 on 32-bit ones, statx on loongarch64',
  },
  {
    from: ['fstat', 'fstat64', 'oldfstat'],
    to: [on(['SCMP_ARCH_LOONGARCH64'], 'statx'), only('fstat', 'newfstatat'), only('statx', 'fstatat64')],
    note: 'glibc ≥ 2.33 fstat() is newfstatat(fd, "", AT_EMPTY_PATH); musl and Go use fstat',
  },
  legacy('access', ['faccessat'], 'glibc access() issues access where it exists, else faccessat', ['faccessat2']),
  legacy('poll', ['ppoll'], 'glibc poll() issues poll where it exists, else ppoll'),
  legacy('select', ['pselect6'], 'glibc select() issues select where it exists, else pselect6'),
  { from: ['_newselect'], to: [only('_newselect'), only('select'), only('pselect6')], note: '32-bit select()' },
  legacy('epoll_wait', ['epoll_pwait'], 'glibc epoll_wait() issues epoll_pwait where epoll_wait does not exist'),
  legacy(
    'epoll_create',
    ['epoll_create1'],
    'glibc epoll_create() issues epoll_create1 where epoll_create does not exist',
  ),
  legacy('dup2', ['dup3'], 'glibc dup2() issues dup3, or fcntl(F_GETFL) when both descriptors are equal', ['fcntl']),
  legacy('pipe', ['pipe2'], 'glibc pipe() issues pipe2 where pipe does not exist'),
  { from: ['fork'], to: [only('clone')], note: 'glibc fork() issues clone on every ABI' },
  {
    from: ['vfork'],
    to: [only('vfork'), only('clone')],
    note: 'glibc vfork() issues vfork, or clone(CLONE_VM|CLONE_VFORK)',
  },
  legacy('mkdir', ['mkdirat'], 'glibc mkdir() issues mkdirat where mkdir does not exist'),
  legacy('mknod', ['mknodat'], 'glibc mknod() issues mknodat where mknod does not exist'),
  legacy('unlink', ['unlinkat'], 'glibc unlink() issues unlinkat where unlink does not exist'),
  legacy('rmdir', ['unlinkat'], 'glibc rmdir() issues unlinkat(AT_REMOVEDIR) where rmdir does not exist'),
  {
    from: ['rename'],
    to: [only('rename'), only('renameat'), only('renameat2')],
    reverse: ['renameat', 'renameat2'],
    note: 'glibc rename() issues renameat, or renameat2 where renameat does not exist (riscv64, loongarch64)',
  },
  {
    from: ['renameat'],
    to: [only('renameat'), only('renameat2')],
    note: 'glibc renameat() issues renameat2 on riscv64',
  },
  legacy('chmod', ['fchmodat'], 'glibc chmod() issues fchmodat where chmod does not exist'),
  legacy('chown', ['fchownat'], 'glibc chown() issues fchownat where chown does not exist'),
  legacy('lchown', ['fchownat'], 'glibc lchown() issues fchownat(AT_SYMLINK_NOFOLLOW) where lchown does not exist'),
  {
    from: ['chown32'],
    to: [only('chown32'), only('chown'), only('fchownat')],
    note: '32-bit uid chown32 is chown, or fchownat where chown does not exist',
  },
  {
    from: ['lchown32'],
    to: [only('lchown32'), only('lchown'), only('fchownat')],
    note: '32-bit uid lchown32 is lchown, or fchownat where lchown does not exist',
  },
  legacy('readlink', ['readlinkat'], 'glibc readlink() issues readlinkat where readlink does not exist'),
  legacy('symlink', ['symlinkat'], 'glibc symlink() issues symlinkat where symlink does not exist'),
  legacy('link', ['linkat'], 'glibc link() issues linkat where link does not exist'),
  { from: ['getdents', 'readdir'], to: [only('getdents64')], note: 'glibc readdir() issues getdents64 on every ABI' },
  legacy('alarm', ['setitimer'], 'glibc alarm() issues setitimer where alarm does not exist'),
  {
    from: ['pause'],
    to: [only('pause'), only('rt_sigprocmask', 'rt_sigsuspend')],
    note: 'glibc pause() is sigprocmask + sigsuspend where pause does not exist',
  },
  {
    from: ['time'],
    to: [only('time'), only('clock_gettime')],
    note: 'glibc time() falls back to clock_gettime (vDSO first)',
  },
  {
    from: ['utime'],
    to: [only('utime'), only('utimensat')],
    note: 'glibc utime() issues utimensat where utime does not exist',
  },
  {
    from: ['utimes'],
    to: [only('utimes'), only('utimensat')],
    note: 'glibc utimes() issues utimensat where utimes does not exist',
  },
  {
    from: ['futimesat'],
    to: [only('futimesat'), only('utimensat')],
    note: 'glibc futimesat() issues utimensat where futimesat does not exist',
  },
  legacy('getpgrp', ['getpgid'], 'glibc getpgrp() issues getpgid(0) where getpgrp does not exist'),
  legacy(
    'inotify_init',
    ['inotify_init1'],
    'glibc inotify_init() issues inotify_init1 where inotify_init does not exist',
  ),
  legacy('signalfd', ['signalfd4'], 'glibc signalfd() issues signalfd4 on every ABI that has it'),
  legacy('eventfd', ['eventfd2'], 'glibc eventfd() issues eventfd2 on every ABI that has it'),
  {
    from: ['nice'],
    to: [only('nice'), only('getpriority', 'setpriority')],
    note: 'glibc nice() is getpriority + setpriority',
  },
  { from: ['waitpid'], to: [only('waitpid'), only('wait4')], note: 'glibc waitpid() issues wait4' },
  { from: ['olduname', 'oldolduname'], to: [only('uname')], note: 'uname() issues uname' },
  { from: ['umount'], to: [only('umount2')], note: 'glibc umount() issues umount2(path, 0)' },
  { from: ['stime'], to: [only('stime'), only('clock_settime')], note: 'glibc stime() issues clock_settime' },
  {
    from: ['recv'],
    to: [only('recv'), only('recvfrom')],
    note: 'glibc recv() issues recvfrom where recv does not exist',
  },
  { from: ['send'], to: [only('send'), only('sendto')], note: 'glibc send() issues sendto where send does not exist' },
  {
    from: ['accept'],
    to: [only('accept'), only('accept4')],
    note: 'glibc accept() issues accept4 where accept does not exist',
  },
  {
    from: ['semop'],
    to: [only('semop'), only('semtimedop')],
    note: 'glibc semop() issues semtimedop where semop does not exist',
  },
  {
    from: ['getrlimit', 'ugetrlimit'],
    to: [only('getrlimit', 'prlimit64'), only('prlimit64')],
    note: 'glibc getrlimit() issues prlimit64 (getrlimit where prlimit64 fails)',
  },
  {
    from: ['setrlimit'],
    to: [only('setrlimit', 'prlimit64'), only('prlimit64')],
    note: 'glibc setrlimit() issues prlimit64',
  },
  {
    from: ['fadvise64', 'fadvise64_64', 'arm_fadvise64_64'],
    to: [only('fadvise64'), only('arm_fadvise64_64'), only('fadvise64_64')],
    note: 'posix_fadvise() issues the ABI’s own fadvise call',
  },
  {
    from: ['sync_file_range', 'sync_file_range2', 'arm_sync_file_range'],
    to: [only('sync_file_range'), only('sync_file_range2'), only('arm_sync_file_range')],
    note: 'sync_file_range() issues the ABI’s own variant',
  },
  ...WIDENED_ROWS,
  { from: ['ppoll_time64'], to: [only('ppoll_time64', 'ppoll'), only('ppoll')], note: '32-bit time64 ppoll' },
  {
    from: ['pselect6_time64'],
    to: [only('pselect6_time64', 'pselect6'), only('pselect6')],
    note: '32-bit time64 pselect6',
  },
  {
    from: ['arch_prctl', 'set_thread_area', 'get_thread_area', 'set_tls', 'get_tls'],
    to: [
      on(X86_64_ABIS, 'arch_prctl'),
      on(['SCMP_ARCH_X86', ...MIPS_ABIS], 'set_thread_area'),
      on(['SCMP_ARCH_ARM'], 'set_tls'),
      only(),
    ],
    note: 'thread-pointer setup: arch_prctl(ARCH_SET_FS) on x86_64, set_thread_area on i386/MIPS, set_tls on arm; a register written from user space elsewhere',
  },
  {
    from: ['cacheflush', 'riscv_flush_icache'],
    to: [on(['SCMP_ARCH_ARM', ...MIPS_ABIS], 'cacheflush'), on(['SCMP_ARCH_RISCV64'], 'riscv_flush_icache'), only()],
    note: 'instruction-cache flush (JITs, libgcc __clear_cache); done with user-space instructions on aarch64, coherent on x86',
  },
  {
    from: ['riscv_hwprobe'],
    to: [on(['SCMP_ARCH_RISCV64'], 'riscv_hwprobe'), only()],
    note: 'CPU feature probe; other ABIs read auxv HWCAP or cpuid',
  },
  gone(
    ['_sysctl', 'afs_syscall', 'tuxcall', 'security', 'vserver', 'getpmsg', 'putpmsg', 'create_module'],
    'not implemented or removed from Linux: ENOSYS on current kernels',
  ),
  gone(
    ['get_kernel_syms', 'query_module', 'nfsservctl', 'epoll_ctl_old', 'epoll_wait_old', 'bdflush'],
    'removed from Linux',
  ),
  gone(
    ['break', 'ftime', 'gtty', 'stty', 'lock', 'mpx', 'prof', 'profil', 'ulimit', 'idle'],
    'never implemented (ENOSYS)',
  ),
  gone(['uprobe', 'uretprobe'], "issued by the kernel's own uprobe trampoline, not by the program"),
  ...ownOnly(
    ['ioperm', 'iopl', 'modify_ldt'],
    ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
    'x86 I/O ports and LDT',
  ),
  ...ownOnly(['vm86', 'vm86old'], ['SCMP_ARCH_X86'], 'i386 virtual-8086 mode'),
  ...ownOnly(['breakpoint', 'usr26', 'usr32'], ['SCMP_ARCH_ARM'], 'ARM private calls'),
  ...ownOnly(['pciconfig_iobase', 'pciconfig_read', 'pciconfig_write'], ['SCMP_ARCH_ARM'], 'ARM PCI config space'),
  {
    from: ['socketcall', 'ipc'],
    to: [],
    note: 'multiplexers hide which socket/IPC call was made; record on an ABI with direct calls',
  },
  ...ownOnly(
    ['uselib', 'ustat', 'sysfs'],
    ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_ARM'],
    'obsolete, no libc wrapper and no replacement call',
  ),
];
