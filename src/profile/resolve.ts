import { InputError } from '../errors.js';
import type {
  RuleFilter,
  SeccompAction,
  SeccompArch,
  SeccompArg,
  SeccompProfile,
  SyscallRule,
} from '../model/profile.js';
import { compareKernel, DAEMON_ARCH_NAMES, parseKernelVersion, type ResolveContext } from './context.js';

export {
  DAEMON_ARCH_NAMES,
  defaultResolveContext,
  runningKernel,
  type ResolveContext,
} from './context.js';

/** One rule as dockerd hands it to the runtime (includes/excludes/comment stripped). */
export interface ResolvedRule {
  names: string[];
  action: SeccompAction;
  errnoRet?: number;
  args?: SeccompArg[];
}

/** A profile as it applies in one context: the OCI `linux.seccomp` dockerd would emit, plus the context. */
export interface ResolvedPolicy {
  context: ResolveContext;
  defaultAction: SeccompAction;
  defaultErrnoRet?: number;
  /** What dockerd emits: `architectures` as written, or the archMap entry of the daemon arch + its subarches. */
  architectures: SeccompArch[];
  rules: ResolvedRule[];
}

/**
 * Resolve a moby profile for a context exactly as dockerd does (moby/profiles seccomp_linux.go
 * `setupSeccomp`): archMap by daemon arch, excludes drop a rule when any condition holds,
 * includes keep it only when all hold, rule order kept.
 */
export function resolveProfile(profile: SeccompProfile, context: ResolveContext): ResolvedPolicy {
  const rules: ResolvedRule[] = [];
  profile.syscalls.forEach((rule, index) => {
    if (isExcluded(rule, context, index) || !isIncluded(rule, context, index)) return;
    rules.push(stripRule(rule));
  });
  const policy: ResolvedPolicy = {
    context: { ...context, caps: [...context.caps] },
    defaultAction: profile.defaultAction,
    architectures: resolveArchitectures(profile, context.arch),
    rules,
  };
  if (profile.defaultErrnoRet !== undefined) policy.defaultErrnoRet = profile.defaultErrnoRet;
  return policy;
}

function resolveArchitectures(profile: SeccompProfile, arch: SeccompArch): SeccompArch[] {
  const archMap = profile.archMap ?? [];
  const listed = profile.architectures ?? [];
  if (listed.length > 0 && archMap.length > 0) {
    throw new InputError("the profile sets both 'architectures' and 'archMap', which dockerd rejects", {
      hint: "keep only 'archMap' (or only 'architectures')",
    });
  }
  if (listed.length > 0) return [...listed];
  // moby looks the daemon arch up in nativeToSeccomp, keyed "loong64" while goToNative yields
  // "loongarch64": a LoongArch daemon never matches its archMap entry (anchors README §5).
  if (arch === 'SCMP_ARCH_LOONGARCH64') return [];
  return archMap
    .filter((entry) => entry.architecture === arch)
    .flatMap((entry) => [entry.architecture, ...entry.subArchitectures]);
}

function isExcluded(rule: SyscallRule, context: ResolveContext, index: number): boolean {
  const ex = rule.excludes;
  if (!ex) return false;
  if (nonEmpty(ex.arches) && ex.arches.includes(daemonArchName(context.arch))) return true;
  if (nonEmpty(ex.caps) && ex.caps.some((cap) => context.caps.includes(cap))) return true;
  return ex.minKernel !== undefined && kernelAtLeast(context.kernel, ex.minKernel, index, 'excludes');
}

function isIncluded(rule: SyscallRule, context: ResolveContext, index: number): boolean {
  const inc = rule.includes;
  if (!inc) return true;
  if (nonEmpty(inc.arches) && !inc.arches.includes(daemonArchName(context.arch))) return false;
  if (nonEmpty(inc.caps) && !inc.caps.every((cap) => context.caps.includes(cap))) return false;
  return inc.minKernel === undefined || kernelAtLeast(context.kernel, inc.minKernel, index, 'includes');
}

function nonEmpty(list: string[] | undefined): list is string[] {
  return list !== undefined && list.length > 0;
}

function daemonArchName(arch: SeccompArch): string {
  return DAEMON_ARCH_NAMES[arch] ?? arch;
}

function kernelAtLeast(
  host: string,
  minKernel: NonNullable<RuleFilter['minKernel']>,
  index: number,
  where: string,
): boolean {
  const min = parseKernelVersion(minKernel);
  if (!min) {
    throw new InputError(`syscalls[${index}].${where}.minKernel ${JSON.stringify(minKernel)} is not a kernel version`, {
      hint: 'write it as "major.minor", e.g. "4.8"; dockerd refuses to start containers with this profile',
    });
  }
  const hostVersion = parseKernelVersion(host);
  if (!hostVersion)
    throw new InputError(`kernel ${JSON.stringify(host)} is not a version`, { hint: 'pass --kernel major.minor' });
  return compareKernel(hostVersion, min) >= 0;
}

function stripRule(rule: SyscallRule): ResolvedRule {
  const out: ResolvedRule = { names: [...rule.names], action: rule.action };
  if (rule.errnoRet !== undefined) out.errnoRet = rule.errnoRet;
  if (rule.args && rule.args.length > 0) out.args = rule.args.map((arg) => ({ ...arg }));
  return out;
}
