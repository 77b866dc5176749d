import { describe, expect, it } from 'vitest';
import { translateSyscall } from '../../../src/generate/cross-abi.js';
import { buildProfile, type BuildOptions } from '../../../src/generate/build.js';
import { generateProfile } from '../../../src/generate/generate.js';
import { mergeObservations } from '../../../src/observation/merge.js';
import { syscallNumber } from '../../../src/kernel/syscalls.js';
import { resolveProfile } from '../../../src/profile/resolve.js';
import { defaultResolveContext } from '../../../src/profile/context.js';
import { evaluate } from '../../../src/profile/evaluate.js';
import type { SeccompArch } from '../../../src/model/profile.js';
import { defaultOptions } from './fixtures.js';
import { calls, observationOf } from '../../helpers/observation.js';

const X86_64: SeccompArch = 'SCMP_ARCH_X86_64';
const AARCH64: SeccompArch = 'SCMP_ARCH_AARCH64';

const namesOn = (name: string, from: SeccompArch, to: SeccompArch): string[] | string => {
  const t = translateSyscall(name, from, to);
  return t.kind === 'same' || t.kind === 'mapped' ? [...t.names].sort() : t.kind;
};

describe('translateSyscall: x86_64 → aarch64 (what glibc issues there)', () => {
  it.each([
    ['open', ['openat']],
    ['creat', ['openat']],
    ['stat', ['newfstatat']],
    ['lstat', ['newfstatat']],
    ['fstat', ['fstat', 'newfstatat']],
    ['access', ['faccessat', 'faccessat2']],
    ['poll', ['ppoll']],
    ['select', ['pselect6']],
    ['epoll_wait', ['epoll_pwait']],
    ['epoll_create', ['epoll_create1']],
    ['dup2', ['dup3', 'fcntl']],
    ['pipe', ['pipe2']],
    ['fork', ['clone']],
    ['vfork', ['clone']],
    ['mkdir', ['mkdirat']],
    ['unlink', ['unlinkat']],
    ['rmdir', ['unlinkat']],
    ['rename', ['renameat']],
    ['chmod', ['fchmodat']],
    ['chown', ['fchownat']],
    ['lchown', ['fchownat']],
    ['readlink', ['readlinkat']],
    ['symlink', ['symlinkat']],
    ['link', ['linkat']],
    ['getdents', ['getdents64']],
    ['alarm', ['setitimer']],
    ['pause', ['rt_sigprocmask', 'rt_sigsuspend']],
    ['time', ['clock_gettime']],
    ['utime', ['utimensat']],
    ['utimes', ['utimensat']],
    ['futimesat', ['utimensat']],
    ['mknod', ['mknodat']],
    ['inotify_init', ['inotify_init1']],
    ['eventfd', ['eventfd2']],
    ['signalfd', ['signalfd4']],
    ['getpgrp', ['getpgid']],
    ['openat', ['openat']],
    ['read', ['read']],
    ['statx', ['statx']],
    ['arch_prctl', 'not-needed'],
    ['iopl', 'lossy'],
    ['ioperm', 'lossy'],
    ['modify_ldt', 'lossy'],
    ['uselib', 'lossy'],
    ['_sysctl', 'not-needed'],
  ])('%s → %j', (name, expected) => {
    expect(namesOn(name, X86_64, AARCH64)).toEqual(expected);
  });

  it('gives only names that exist on the target', () => {
    for (const name of ['open', 'stat', 'poll', 'select', 'dup2', 'pause', 'rename', 'fork']) {
      const t = translateSyscall(name, X86_64, AARCH64);
      expect(t.kind).toBe('mapped');
      if (t.kind === 'mapped') for (const n of t.names) expect(syscallNumber(AARCH64, n), n).toBeDefined();
    }
  });
});

describe('translateSyscall: other directions', () => {
  it('brings the legacy call back on an ABI whose libc issues it (aarch64 → x86_64)', () => {
    expect(namesOn('mkdirat', AARCH64, X86_64)).toEqual(['mkdir', 'mkdirat']);
    expect(namesOn('unlinkat', AARCH64, X86_64)).toEqual(['rmdir', 'unlink', 'unlinkat']);
    expect(namesOn('ppoll', AARCH64, X86_64)).toEqual(['poll', 'ppoll']);
    expect(namesOn('renameat', AARCH64, X86_64)).toEqual(['rename', 'renameat']);
    expect(namesOn('openat', AARCH64, X86_64)).toEqual(['openat']);
  });

  it('keeps the modern call alone when the source ABI had the legacy one (x86_64 → s390x)', () => {
    expect(namesOn('mkdirat', X86_64, 'SCMP_ARCH_S390X')).toEqual(['mkdirat']);
  });

  it('keeps target-specific calls only for their own ABI', () => {
    expect(namesOn('set_tls', 'SCMP_ARCH_ARM', AARCH64)).toBe('not-needed');
    expect(namesOn('set_tls', 'SCMP_ARCH_ARM', X86_64)).toEqual(['arch_prctl']);
    expect(namesOn('arch_prctl', X86_64, 'SCMP_ARCH_X86')).toEqual(['set_thread_area']);
    expect(namesOn('cacheflush', 'SCMP_ARCH_ARM', AARCH64)).toBe('not-needed');
    expect(namesOn('cacheflush', 'SCMP_ARCH_ARM', 'SCMP_ARCH_RISCV64')).toEqual(['riscv_flush_icache']);
    expect(namesOn('breakpoint', 'SCMP_ARCH_ARM', AARCH64)).toBe('lossy');
    expect(namesOn('iopl', X86_64, 'SCMP_ARCH_X86')).toEqual(['iopl']);
  });

  it('widens 32-bit variants to the 64-bit names (arm → aarch64)', () => {
    expect(namesOn('mmap2', 'SCMP_ARCH_ARM', AARCH64)).toEqual(['mmap']);
    expect(namesOn('clock_gettime64', 'SCMP_ARCH_ARM', AARCH64)).toEqual(['clock_gettime']);
    expect(namesOn('getuid32', 'SCMP_ARCH_ARM', AARCH64)).toEqual(['getuid']);
    expect(namesOn('_llseek', 'SCMP_ARCH_ARM', AARCH64)).toEqual(['lseek']);
    expect(namesOn('fstatat64', 'SCMP_ARCH_ARM', AARCH64)).toEqual(['newfstatat']);
    expect(namesOn('socketcall', 'SCMP_ARCH_X86', AARCH64)).toBe('lossy');
  });

  it('follows riscv64 and loongarch64 where libc differs', () => {
    expect(namesOn('rename', X86_64, 'SCMP_ARCH_RISCV64')).toEqual(['renameat2']);
    expect(namesOn('stat', X86_64, 'SCMP_ARCH_LOONGARCH64')).toEqual(['statx']);
    expect(namesOn('getrlimit', X86_64, 'SCMP_ARCH_LOONGARCH64')).toEqual(['prlimit64']);
  });

  it('is the identity on the same ABI', () => {
    expect(namesOn('open', X86_64, X86_64)).toEqual(['open']);
    expect(namesOn('iopl', X86_64, X86_64)).toEqual(['iopl']);
  });
});

const buildOptions: BuildOptions = { ...defaultOptions, capAdd: [] };

function build(syscalls: Parameters<typeof observationOf>[0], architectures?: SeccompArch[]) {
  const merged = mergeObservations([{ label: 'x.json', observation: observationOf(syscalls) }]);
  return buildProfile(merged, { ...buildOptions, ...(architectures ? { architectures } : {}) });
}

const allowed = (result: ReturnType<typeof build>): string[] =>
  result.profile.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW').flatMap((r) => r.names);

describe('buildProfile with --arch for a family the workload was not recorded on', () => {
  it('allows what aarch64 issues and none of the x86_64-only names', () => {
    const result = build({ SCMP_ARCH_X86_64: calls({ open: 3, stat: 2, poll: 1, select: 1, read: 4 }) }, [AARCH64]);
    expect(allowed(result)).toEqual(['newfstatat', 'openat', 'ppoll', 'pselect6', 'read']);
    expect(result.profile.archMap).toEqual([{ architecture: AARCH64, subArchitectures: ['SCMP_ARCH_ARM'] }]);
    expect(result.unknownNames).toEqual([]);
    expect(result.explain.find((e) => e.name === 'openat')!.evidence).toEqual([
      { kind: 'translated', from: 'open', fromArch: X86_64, arch: AARCH64, basis: 'observed', source: 'x.json' },
    ]);
  });

  it('keeps the observed family as recorded and adds the translation for the other', () => {
    const result = build({ SCMP_ARCH_X86_64: calls({ open: 1, arch_prctl: 1 }) }, [X86_64, AARCH64]);
    expect(allowed(result)).toEqual(['arch_prctl', 'open', 'openat']);
    expect(result.crossAbi.map((n) => [n.name, n.kind, n.toArch])).toEqual([
      ['arch_prctl', 'not-needed', AARCH64],
      ['open', 'mapped', AARCH64],
    ]);
  });

  it('gives each family of a multi-arch profile its own names (includes.arches), so arm64 does not get open', () => {
    const result = build({ SCMP_ARCH_X86_64: calls({ open: 1, read: 2, poll: 1 }) }, [X86_64, AARCH64]);
    expect(
      result.profile.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW').map((r) => [r.names, r.includes?.arches]),
    ).toEqual([
      [['read'], undefined],
      [['open', 'poll'], ['amd64']],
      [['openat', 'ppoll'], ['arm64']],
    ]);
    const onArm64 = resolveProfile(result.profile, { ...defaultResolveContext(), arch: AARCH64 });
    expect(evaluate(onArm64, 'SCMP_ARCH_ARM', 'open').action).toBe('SCMP_ACT_ERRNO');
    expect(evaluate(onArm64, AARCH64, 'openat').action).toBe('SCMP_ACT_ALLOW');
    const onAmd64 = resolveProfile(result.profile, defaultResolveContext());
    expect(evaluate(onAmd64, X86_64, 'open').action).toBe('SCMP_ACT_ALLOW');
    expect(evaluate(onAmd64, X86_64, 'ppoll').action).toBe('SCMP_ACT_ERRNO');
  });

  it('translates nothing without --arch', () => {
    const result = build({ SCMP_ARCH_X86_64: calls({ open: 1, iopl: 1 }) });
    expect(allowed(result)).toEqual(['iopl', 'open']);
    expect(result.crossAbi).toEqual([]);
  });

  it('refuses lossy translations by name (exit 2) unless --allow-lossy', () => {
    const inputs = [{ label: 'x.json', observation: observationOf({ SCMP_ARCH_X86_64: calls({ iopl: 1, read: 1 }) }) }];
    const options = { ...defaultOptions, architectures: [AARCH64] };
    expect(() => generateProfile(inputs, options)).toThrow(
      expect.objectContaining({
        exitCode: 2,
        message: expect.stringMatching(/no equivalent on aarch64: iopl \(x86_64 → aarch64/),
      }),
    );
    const lossy = generateProfile(inputs, { ...options, allowLossy: true });
    expect(lossy.profile.syscalls[0]!.names).toEqual(['read']);
    expect(lossy.crossAbi).toMatchObject([{ name: 'iopl', kind: 'lossy' }]);
  });
});
