import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import {
  parseArchOption,
  parseCapsOption,
  parseKernelOption,
  resolveContextFromOptions,
} from '../../../src/cli/resolve-options.js';
import { defaultResolveContext } from '../../../src/profile/resolve.js';
import { DEFAULT_CAPS } from '../profile/resolve-fixtures.js';

describe('parseCapsOption', () => {
  it.each([
    ['default', DEFAULT_CAPS],
    ['none', []],
    ['CAP_SYS_ADMIN', ['CAP_SYS_ADMIN']],
    ['sys_ptrace, net_admin', ['CAP_NET_ADMIN', 'CAP_SYS_PTRACE']],
    ['cap_chown,CAP_CHOWN', ['CAP_CHOWN']],
    ['default,SYS_PTRACE', [...DEFAULT_CAPS, 'CAP_SYS_PTRACE'].sort()],
  ])('%s', (text, expected) => {
    expect(parseCapsOption(text)).toEqual(expected);
  });

  it('expands all to the 41 capabilities 0..40', () => {
    const all = parseCapsOption('all');
    expect(all).toHaveLength(41);
    expect(all).toContain('CAP_CHECKPOINT_RESTORE');
  });

  it.each(['CAP_FLY', 'sys_admn', '', ' , '])('rejects %j with a UsageError and a hint', (text) => {
    try {
      parseCapsOption(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).hint).toBeTruthy();
    }
  });
});

describe('parseArchOption', () => {
  it.each([
    ['x86_64', 'SCMP_ARCH_X86_64'],
    ['amd64', 'SCMP_ARCH_X86_64'],
    ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86_64'],
    ['arm64', 'SCMP_ARCH_AARCH64'],
    ['aarch64', 'SCMP_ARCH_AARCH64'],
    ['i386', 'SCMP_ARCH_X86'],
    ['s390x', 'SCMP_ARCH_S390X'],
    ['PPC64LE', 'SCMP_ARCH_PPC64LE'],
    ['riscv64', 'SCMP_ARCH_RISCV64'],
  ])('%s → %s', (text, arch) => {
    expect(parseArchOption(text)).toBe(arch);
  });

  it('rejects an unknown arch', () => {
    expect(() => parseArchOption('vax')).toThrow(UsageError);
  });
});

describe('parseKernelOption', () => {
  it.each([
    ['5.15', '5.15'],
    ['6.1.0-18-amd64', '6.1'],
    ['4.8', '4.8'],
  ])('%s → %s', (text, expected) => {
    expect(parseKernelOption(text)).toBe(expected);
  });

  it.each(['5', '0.0', 'latest', ''])('rejects %j', (text) => {
    expect(() => parseKernelOption(text)).toThrow(UsageError);
  });
});

describe('default context', () => {
  it('is an amd64 daemon with Docker default caps on the running kernel', () => {
    const context = defaultResolveContext();
    expect(context.arch).toBe('SCMP_ARCH_X86_64');
    expect(context.caps).toEqual(DEFAULT_CAPS);
    expect(context.kernel).toMatch(/^\d+\.\d+$/);
  });

  it('takes overrides from options', () => {
    expect(resolveContextFromOptions({ arch: 'arm64', caps: 'none', kernel: '4.7' })).toEqual({
      arch: 'SCMP_ARCH_AARCH64',
      caps: [],
      kernel: '4.7',
    });
  });
});
