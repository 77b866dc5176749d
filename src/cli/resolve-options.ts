import { UsageError } from '../errors.js';
import { CAPABILITIES, DOCKER_DEFAULT_CAPS, parseCapabilityList } from '../kernel/capabilities.js';
import { ARCHES, type SeccompArch } from '../model/arches.js';
import {
  DAEMON_ARCH_NAMES,
  defaultResolveContext,
  parseKernelVersion,
  type ResolveContext,
} from '../profile/context.js';

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
  const list = parseCapabilityList([text]);
  if (list.words === 0)
    throw new UsageError('--caps is empty', {
      hint: 'use default, all, none or a list such as CAP_CHOWN,CAP_SYS_PTRACE',
    });
  if (list.unknown.length > 0) {
    throw new UsageError(`unknown capability ${JSON.stringify(list.unknown[0])} in --caps`, {
      hint: 'capabilities are CAP_CHOWN … CAP_CHECKPOINT_RESTORE (see capabilities(7)); the CAP_ prefix and case are optional',
    });
  }
  const caps = new Set(list.names);
  if (list.keywords.has('default')) DOCKER_DEFAULT_CAPS.forEach((c) => caps.add(c));
  if (list.keywords.has('all')) CAPABILITIES.forEach((c) => caps.add(c.name));
  return [...caps].sort();
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

/** Build a context from CLI-style options, each falling back to the default. */
export function resolveContextFromOptions(options: { arch?: string; caps?: string; kernel?: string }): ResolveContext {
  const base = defaultResolveContext();
  return {
    arch: options.arch === undefined ? base.arch : parseArchOption(options.arch),
    caps: options.caps === undefined ? base.caps : parseCapsOption(options.caps),
    kernel: options.kernel === undefined ? base.kernel : parseKernelOption(options.kernel),
  };
}
