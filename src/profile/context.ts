import { release } from 'node:os';
import { EnvironmentError } from '../errors.js';
import { DOCKER_DEFAULT_CAPS } from '../kernel/capabilities.js';
import type { SeccompArch } from '../model/profile.js';

/** The host a profile is resolved for: daemon arch, the container's bounding caps, kernel major.minor. */
export interface ResolveContext {
  /** The daemon's own architecture (runtime.GOARCH as a libseccomp arch). */
  arch: SeccompArch;
  /** Bounding capability set, sorted CAP_* names. */
  caps: string[];
  /** Host kernel as "major.minor". */
  kernel: string;
}

/**
 * moby's name for each daemon arch (`goToNative`/`nativeToSeccomp` in moby/profiles
 * seccomp_linux.go): what `includes.arches` / `excludes.arches` are matched against.
 */
export const DAEMON_ARCH_NAMES: Readonly<Partial<Record<SeccompArch, string>>> = {
  SCMP_ARCH_X86: 'x86',
  SCMP_ARCH_X86_64: 'amd64',
  SCMP_ARCH_ARM: 'arm',
  SCMP_ARCH_AARCH64: 'arm64',
  SCMP_ARCH_MIPS64: 'mips64',
  SCMP_ARCH_MIPS64N32: 'mips64n32',
  SCMP_ARCH_MIPSEL64: 'mipsel64',
  SCMP_ARCH_MIPSEL64N32: 'mips3l64n32',
  SCMP_ARCH_MIPSEL: 'mipsel',
  SCMP_ARCH_PPC: 'ppc',
  SCMP_ARCH_PPC64: 'ppc64',
  SCMP_ARCH_PPC64LE: 'ppc64le',
  SCMP_ARCH_RISCV64: 'riscv64',
  SCMP_ARCH_S390: 's390',
  SCMP_ARCH_S390X: 's390x',
  SCMP_ARCH_LOONGARCH64: 'loongarch64',
};

/** "6.1.0-18-amd64" → {major: 6, minor: 1}; the major.minor prefix moby's minKernel parser reads. */
export function parseKernelVersion(text: string): { major: number; minor: number } | undefined {
  const match = /^\s*(\d+)\.(\d+)/.exec(text);
  if (!match) return undefined;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major === 0 && minor === 0) return undefined;
  return { major, minor };
}

/** Compare two "major.minor" versions: negative, zero or positive. */
export function compareKernel(a: { major: number; minor: number }, b: { major: number; minor: number }): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** The running kernel as "major.minor" (`os.release()`). */
export function runningKernel(): string {
  const version = parseKernelVersion(release());
  if (!version) {
    throw new EnvironmentError(`cannot read the running kernel's version from ${JSON.stringify(release())}`, {
      hint: 'pass the kernel explicitly with --kernel major.minor',
    });
  }
  return `${version.major}.${version.minor}`;
}

/** The default resolve context: an x86_64 daemon, Docker's 14 default caps, the running kernel. */
export function defaultResolveContext(): ResolveContext {
  return { arch: 'SCMP_ARCH_X86_64', caps: [...DOCKER_DEFAULT_CAPS].sort(), kernel: runningKernel() };
}
