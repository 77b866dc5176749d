import { release } from 'node:os';
import { UsageError } from '../errors.js';
import { CAPABILITIES, DOCKER_DEFAULT_CAPS, normalizeCapability } from '../kernel/capabilities.js';
import { ARCHES, type SeccompArch } from '../model/profile.js';

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

/** uname -m / GOARCH spellings accepted by `--arch`, besides SCMP_ARCH_* and moby's names. */
const ARCH_ALIASES: Readonly<Record<string, SeccompArch>> = {
  x86_64: 'SCMP_ARCH_X86_64',
  i386: 'SCMP_ARCH_X86',
  i686: 'SCMP_ARCH_X86',
  '386': 'SCMP_ARCH_X86',
  aarch64: 'SCMP_ARCH_AARCH64',
  armv7l: 'SCMP_ARCH_ARM',
  loong64: 'SCMP_ARCH_LOONGARCH64',
};

/** `--arch` value → libseccomp arch: SCMP_ARCH_X86_64, x86_64, amd64, arm64, aarch64, … (case-insensitive). */
export function parseArchOption(text: string): SeccompArch {
  const lower = text.trim().toLowerCase();
  const scmp = ARCHES.find((a) => a.toLowerCase() === lower || a.slice('SCMP_ARCH_'.length).toLowerCase() === lower);
  if (scmp) return scmp;
  const alias = ARCH_ALIASES[lower];
  if (alias) return alias;
  const native = (Object.entries(DAEMON_ARCH_NAMES) as [SeccompArch, string][]).find(([, n]) => n === lower);
  if (native) return native[0];
  throw new UsageError(`unknown architecture ${JSON.stringify(text)}`, {
    hint: 'use x86_64 (amd64), aarch64 (arm64), x86, arm, s390x, ppc64le, riscv64, … or an SCMP_ARCH_* name',
  });
}

/**
 * `--caps` value → sorted bounding set. `default` (Docker's 14), `all` (0..40), `none`, or a
 * comma-separated list of names (`CAP_SYS_ADMIN`, `sys_admin`), which may include `default`.
 */
export function parseCapsOption(text: string): string[] {
  const caps = new Set<string>();
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0)
    throw new UsageError('--caps is empty', {
      hint: 'use default, all, none or a list such as CAP_CHOWN,CAP_SYS_PTRACE',
    });
  for (const item of items) {
    const lower = item.toLowerCase();
    if (lower === 'none') continue;
    if (lower === 'default') DOCKER_DEFAULT_CAPS.forEach((c) => caps.add(c));
    else if (lower === 'all') CAPABILITIES.forEach((c) => caps.add(c.name));
    else caps.add(requireCapability(item));
  }
  return [...caps].sort();
}

function requireCapability(item: string): string {
  const name = normalizeCapability(item);
  if (name === undefined) {
    throw new UsageError(`unknown capability ${JSON.stringify(item)} in --caps`, {
      hint: 'capabilities are CAP_CHOWN … CAP_CHECKPOINT_RESTORE (see capabilities(7)); the CAP_ prefix and case are optional',
    });
  }
  return name;
}

/** "6.1.0-18-amd64" → {major: 6, minor: 1}; the major.minor prefix moby's minKernel parser reads. */
export function parseKernelVersion(text: string): { major: number; minor: number } | undefined {
  const match = /^\s*(\d+)\.(\d+)/.exec(text);
  if (!match) return undefined;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major === 0 && minor === 0) return undefined;
  return { major, minor };
}

/** `--kernel` value → "major.minor"; a UsageError for anything moby would not parse. */
export function parseKernelOption(text: string): string {
  const version = parseKernelVersion(text);
  if (!version)
    throw new UsageError(`invalid kernel version ${JSON.stringify(text)}`, {
      hint: 'write it as major.minor, e.g. --kernel 5.15',
    });
  return `${version.major}.${version.minor}`;
}

/** Compare two "major.minor" versions: negative, zero or positive. */
export function compareKernel(a: { major: number; minor: number }, b: { major: number; minor: number }): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** The running kernel as "major.minor" (`os.release()`). */
export function runningKernel(): string {
  return parseKernelOption(release());
}

/** The default resolve context: an x86_64 daemon, Docker's 14 default caps, the running kernel. */
export function defaultResolveContext(): ResolveContext {
  return { arch: 'SCMP_ARCH_X86_64', caps: [...DOCKER_DEFAULT_CAPS].sort(), kernel: runningKernel() };
}

/** Build a context from CLI-style options, each falling back to the default. */
export function resolveContextFromOptions(options: { arch?: string; caps?: string; kernel?: string }): ResolveContext {
  const base = defaultResolveContext();
  return {
    arch: options.arch === undefined ? base.arch : parseArchOption(options.arch),
    caps: options.caps === undefined ? base.caps : parseCapsOption(options.caps),
    kernel: options.kernel === undefined ? base.kernel : parseKernelOption(options.kernel),
  };
}
