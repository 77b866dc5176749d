import { describe, expect, it } from 'vitest';
import { HIGH_RISK_SYSCALLS } from '../../../src/diff/high-risk.js';
import { allSyscallNames } from '../../../src/kernel/syscalls.js';
import { FAMILIES, familyOf } from '../../../src/report/families.js';

describe('syscall families', () => {
  it('every high-risk syscall is privileged', () => {
    for (const name of HIGH_RISK_SYSCALLS.keys()) expect(familyOf(name), name).toBe('privileged');
  });

  it.each([
    ['openat', 'file'],
    ['newfstatat', 'file'],
    ['utimensat', 'file'],
    ['recvmmsg_time64', 'network'],
    ['socketcall', 'network'],
    ['rt_tgsigqueueinfo', 'process'],
    ['setresuid32', 'process'],
    ['wait4', 'process'],
    ['clone3', 'process'],
    ['mmap2', 'memory'],
    ['pkey_mprotect', 'memory'],
    ['futex_waitv', 'ipc'],
    ['mq_timedsend', 'ipc'],
    ['shmat', 'ipc'],
    ['clock_nanosleep_time64', 'time'],
    ['timerfd_settime', 'time'],
    ['clock_settime', 'privileged'],
    ['sethostname', 'privileged'],
  ])('%s is %s', (name, family) => {
    expect(familyOf(name)).toBe(family);
  });

  it('every family has members among the known syscalls', () => {
    const counts = new Map(FAMILIES.map((f) => [f, 0]));
    for (const name of allSyscallNames()) counts.set(familyOf(name), counts.get(familyOf(name))! + 1);
    for (const [family, count] of counts) expect(count, family).toBeGreaterThan(10);
  });
});
