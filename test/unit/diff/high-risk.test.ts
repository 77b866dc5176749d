import { describe, expect, it } from 'vitest';
import { isKnownSyscall } from '../../../src/kernel/syscalls.js';
import { HIGH_RISK_SYSCALLS, isHighRisk } from '../../../src/diff/high-risk.js';

const REQUIRED = [
  'ptrace',
  'process_vm_writev',
  'process_vm_readv',
  'mount',
  'umount2',
  'umount',
  'pivot_root',
  'kexec_load',
  'kexec_file_load',
  'bpf',
  'perf_event_open',
  'init_module',
  'finit_module',
  'delete_module',
  'open_by_handle_at',
  'name_to_handle_at',
  'add_key',
  'keyctl',
  'request_key',
  'unshare',
  'setns',
  'userfaultfd',
  'io_uring_setup',
  'io_uring_enter',
  'io_uring_register',
  'personality',
  'iopl',
  'ioperm',
  'swapon',
  'swapoff',
  'reboot',
  'acct',
  'quotactl',
  'syslog',
  'clock_settime',
  'settimeofday',
  'lookup_dcookie',
  'kcmp',
  'fsopen',
  'fsmount',
  'move_mount',
  'open_tree',
  'mount_setattr',
  'chroot',
  'uselib',
  '_sysctl',
  'vhangup',
  'clock_adjtime',
  'adjtimex',
  'nfsservctl',
  'fanotify_init',
  'pidfd_getfd',
  'process_madvise',
];

describe('HIGH_RISK_SYSCALLS', () => {
  it.each(REQUIRED)('covers %s', (name) => {
    expect(isHighRisk(name)).toBe(true);
  });

  it.each([...HIGH_RISK_SYSCALLS])('%s: a known syscall with one sentence on why', (name, why) => {
    expect(isKnownSyscall(name)).toBe(true);
    expect(why).toMatch(/^[A-Z].{20,130}\.$/);
    expect(why.slice(0, -1)).not.toContain('. ');
  });

  it('does not flag ordinary calls', () => {
    for (const name of ['read', 'write', 'openat', 'clone', 'socket', 'execve']) expect(isHighRisk(name)).toBe(false);
  });
});
