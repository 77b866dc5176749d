import { describe, expect, it } from 'vitest';
import { ERRNOS, errnoName, errnoNumber } from '../../../src/kernel/errno.js';
import { DEFAULT_ARCH_MAP, auditArchToAbi, goArchToAbi, nativeArch } from '../../../src/kernel/arch.js';
import { readReference } from '../../helpers/reference.js';
import { ARCHES } from '../../../src/model/profile.js';

describe('errno', () => {
  it('maps names and numbers both ways', () => {
    expect(errnoNumber('EPERM')).toBe(1);
    expect(errnoNumber('ENOSYS')).toBe(38);
    expect(errnoNumber('eacces')).toBe(13);
    expect(errnoNumber('EWOULDBLOCK')).toBe(11);
    expect(errnoName(1)).toBe('EPERM');
    expect(errnoName(38)).toBe('ENOSYS');
    expect(errnoName(133)).toBe('EHWPOISON');
    expect(errnoName(41)).toBeUndefined();
    expect(errnoName(0)).toBeUndefined();
    expect(errnoNumber('ENOPE')).toBeUndefined();
  });

  it('has 131 distinct names for 1..133, in number order', () => {
    const numbers = ERRNOS.map(([n]) => n);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(ERRNOS.map(([, name]) => name)).size).toBe(131);
    expect(numbers[0]).toBe(1);
    expect(numbers.at(-1)).toBe(133);
  });
});

describe('arch', () => {
  it('maps audit arch values to ABIs', () => {
    expect(auditArchToAbi('c000003e')).toBe('SCMP_ARCH_X86_64');
    expect(auditArchToAbi('0xC000003E', 0x40000000 + 1)).toBe('SCMP_ARCH_X32');
    expect(auditArchToAbi('c000003e', 1)).toBe('SCMP_ARCH_X86_64');
    expect(auditArchToAbi('40000003')).toBe('SCMP_ARCH_X86');
    expect(auditArchToAbi('c00000b7')).toBe('SCMP_ARCH_AARCH64');
    expect(auditArchToAbi('40000028')).toBe('SCMP_ARCH_ARM');
    expect(auditArchToAbi('c00000f3')).toBe('SCMP_ARCH_RISCV64');
    expect(auditArchToAbi('80000016')).toBe('SCMP_ARCH_S390X');
    expect(auditArchToAbi('c0000015')).toBe('SCMP_ARCH_PPC64LE');
    expect(auditArchToAbi('zz')).toBeUndefined();
    expect(auditArchToAbi('12345')).toBeUndefined();
  });

  it('maps GOARCH names and the host', () => {
    expect(goArchToAbi('amd64')).toBe('SCMP_ARCH_X86_64');
    expect(goArchToAbi('arm64')).toBe('SCMP_ARCH_AARCH64');
    expect(goArchToAbi('ppc64le')).toBe('SCMP_ARCH_PPC64LE');
    expect(goArchToAbi('wasm')).toBeUndefined();
    expect(ARCHES).toContain(nativeArch());
    if (process.arch === 'x64') expect(nativeArch()).toBe('SCMP_ARCH_X86_64');
  });

  it("equals the archMap of Docker's default profile (null sub-architectures as [])", () => {
    const anchor = JSON.parse(readReference('docker-default.json')) as {
      archMap: Array<{ architecture: string; subArchitectures: string[] | null }>;
    };
    expect(DEFAULT_ARCH_MAP).toEqual(anchor.archMap.map((e) => ({ ...e, subArchitectures: e.subArchitectures ?? [] })));
  });
});
