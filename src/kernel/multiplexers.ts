/**
 * The calls the two multiplexer syscalls reach (net/socket.c `SYS_*` for socketcall(2),
 * ipc/syscall.c for ipc(2)): on the ABIs that have them (i386, s390, …) the real call number and
 * its arguments sit behind a pointer that seccomp cannot read.
 */
export const SOCKETCALL_SUBCALLS: ReadonlySet<string> = new Set([
  'socket',
  'bind',
  'connect',
  'listen',
  'accept',
  'getsockname',
  'getpeername',
  'socketpair',
  'send',
  'recv',
  'sendto',
  'recvfrom',
  'shutdown',
  'setsockopt',
  'getsockopt',
  'sendmsg',
  'recvmsg',
  'accept4',
  'recvmmsg',
  'sendmmsg',
]);

/** The System V IPC calls ipc(2) multiplexes. */
export const IPC_SUBCALLS: ReadonlySet<string> = new Set([
  'semop',
  'semget',
  'semctl',
  'semtimedop',
  'msgsnd',
  'msgrcv',
  'msgget',
  'msgctl',
  'shmat',
  'shmdt',
  'shmget',
  'shmctl',
]);
