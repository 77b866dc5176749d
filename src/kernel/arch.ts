import { endianness } from 'node:os';
import { EnvironmentError } from '../errors.js';
import type { ArchMapEntry, SeccompArch } from '../model/profile.js';

/**
 * AUDIT_ARCH_* values (Linux include/uapi/linux/audit.h: EM_* | 64BIT 0x80000000 | LE 0x40000000)
 * → libseccomp ABI. x32 shares AUDIT_ARCH_X86_64 and is told apart by the 0x40000000 syscall bit.
 */
const AUDIT_ARCHES: ReadonlyMap<number, SeccompArch> = new Map<number, SeccompArch>([
  [0x40000003, 'SCMP_ARCH_X86'],
  [0xc000003e, 'SCMP_ARCH_X86_64'],
  [0x40000028, 'SCMP_ARCH_ARM'],
  [0xc00000b7, 'SCMP_ARCH_AARCH64'],
  [0xc0000102, 'SCMP_ARCH_LOONGARCH64'],
  [0x00000004, 'SCMP_ARCH_M68K'],
  [0x00000008, 'SCMP_ARCH_MIPS'],
  [0x40000008, 'SCMP_ARCH_MIPSEL'],
  [0x80000008, 'SCMP_ARCH_MIPS64'],
  [0xc0000008, 'SCMP_ARCH_MIPSEL64'],
  [0xa0000008, 'SCMP_ARCH_MIPS64N32'],
  [0xe0000008, 'SCMP_ARCH_MIPSEL64N32'],
  [0x0000000f, 'SCMP_ARCH_PARISC'],
  [0x8000000f, 'SCMP_ARCH_PARISC64'],
  [0x00000014, 'SCMP_ARCH_PPC'],
  [0x80000015, 'SCMP_ARCH_PPC64'],
  [0xc0000015, 'SCMP_ARCH_PPC64LE'],
  [0xc00000f3, 'SCMP_ARCH_RISCV64'],
  [0x00000016, 'SCMP_ARCH_S390'],
  [0x80000016, 'SCMP_ARCH_S390X'],
  // libseccomp's SCMP_ARCH_SH is little-endian SuperH (AUDIT_ARCH_SHEL); SHEB is big-endian.
  [0x4000002a, 'SCMP_ARCH_SH'],
  [0x0000002a, 'SCMP_ARCH_SHEB'],
]);

/** __X32_SYSCALL_BIT: set in every x32 syscall number. */
export const X32_SYSCALL_BIT = 0x40000000;

/**
 * 'c000003e' (or '0xC000003E') → 'SCMP_ARCH_X86_64'. With `syscallNr` ≥ 0x40000000 on the
 * x86_64 audit arch the ABI is x32. Undefined for unknown values.
 */
export function auditArchToAbi(hex: string, syscallNr?: number): SeccompArch | undefined {
  const text = hex.trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{1,8}$/.test(text)) return undefined;
  const abi = AUDIT_ARCHES.get(Number.parseInt(text, 16));
  if (abi === 'SCMP_ARCH_X86_64' && syscallNr !== undefined && syscallNr >= X32_SYSCALL_BIT) return 'SCMP_ARCH_X32';
  return abi;
}

/** Go GOARCH → libseccomp ABI, as moby's seccomp package maps the daemon's runtime.GOARCH. */
const GO_ARCHES: ReadonlyMap<string, SeccompArch> = new Map<string, SeccompArch>([
  ['386', 'SCMP_ARCH_X86'],
  ['amd64', 'SCMP_ARCH_X86_64'],
  ['amd64p32', 'SCMP_ARCH_X32'],
  ['arm', 'SCMP_ARCH_ARM'],
  ['arm64', 'SCMP_ARCH_AARCH64'],
  ['loong64', 'SCMP_ARCH_LOONGARCH64'],
  ['mips', 'SCMP_ARCH_MIPS'],
  ['mipsle', 'SCMP_ARCH_MIPSEL'],
  ['mips64', 'SCMP_ARCH_MIPS64'],
  ['mips64le', 'SCMP_ARCH_MIPSEL64'],
  ['mips64p32', 'SCMP_ARCH_MIPS64N32'],
  ['mips64p32le', 'SCMP_ARCH_MIPSEL64N32'],
  ['ppc', 'SCMP_ARCH_PPC'],
  ['ppc64', 'SCMP_ARCH_PPC64'],
  ['ppc64le', 'SCMP_ARCH_PPC64LE'],
  ['riscv64', 'SCMP_ARCH_RISCV64'],
  ['s390', 'SCMP_ARCH_S390'],
  ['s390x', 'SCMP_ARCH_S390X'],
]);

/** 'amd64' → 'SCMP_ARCH_X86_64'; undefined for GOARCH values seccomp has no ABI for. */
export function goArchToAbi(goArch: string): SeccompArch | undefined {
  return GO_ARCHES.get(goArch.trim().toLowerCase());
}

/** Node's process.arch → GOARCH spelling (endianness decides the MIPS and ppc64 variants). */
function nodeArchToGoArch(arch: string, littleEndian: boolean): string {
  switch (arch) {
    case 'x64':
      return 'amd64';
    case 'ia32':
      return '386';
    case 'ppc64':
      return littleEndian ? 'ppc64le' : 'ppc64';
    case 'mips':
      return littleEndian ? 'mipsle' : 'mips';
    case 'mipsel':
      return 'mipsle';
    default:
      return arch;
  }
}

/** The ABI of the machine seccompose runs on (as dockerd on this host would see its own arch). */
export function nativeArch(): SeccompArch {
  const abi = goArchToAbi(nodeArchToGoArch(process.arch, endianness() === 'LE'));
  if (abi === undefined) {
    throw new EnvironmentError(`seccomp has no ABI for this machine's architecture (node reports ${process.arch})`, {
      hint: `run it on a host whose architecture seccomp knows (as Go names them: ${[...GO_ARCHES.keys()].join(', ')})`,
    });
  }
  return abi;
}

/** The archMap of Docker's default profile: each daemon arch and the sub-ABIs its filter covers. */
export const DEFAULT_ARCH_MAP: readonly ArchMapEntry[] = [
  { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
  { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] },
  { architecture: 'SCMP_ARCH_MIPS64', subArchitectures: ['SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64N32'] },
  { architecture: 'SCMP_ARCH_MIPS64N32', subArchitectures: ['SCMP_ARCH_MIPS', 'SCMP_ARCH_MIPS64'] },
  { architecture: 'SCMP_ARCH_MIPSEL64', subArchitectures: ['SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64N32'] },
  { architecture: 'SCMP_ARCH_MIPSEL64N32', subArchitectures: ['SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64'] },
  { architecture: 'SCMP_ARCH_S390X', subArchitectures: ['SCMP_ARCH_S390'] },
  { architecture: 'SCMP_ARCH_RISCV64', subArchitectures: [] },
  { architecture: 'SCMP_ARCH_LOONGARCH64', subArchitectures: [] },
];
