import { compareUint64, type Uint64 } from '../model/exact-json.js';
import type { ArgValues } from '../model/observation.js';
import type { SeccompArch, SyscallRule } from '../model/profile.js';

/** The CLONE_NEW* bits Docker's default refuses without CAP_SYS_ADMIN (NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET). */
export const CLONE_NAMESPACE_MASK = 0x7e020000;
/** Docker's default personality values: PER_LINUX, PER_LINUX32, UNAME26, PER_LINUX32|UNAME26, query. */
export const DOCKER_PERSONALITIES: readonly number[] = [0x0, 0x8, 0x20000, 0x20008, 0xffffffff];
/** More distinct values than this and a per-value allowlist stops being a useful filter. */
export const MAX_FILTER_VALUES = 8;

/**
 * The syscalls that get argument filters when allowed: the high-risk ones Docker filters too, and
 * unshare (Docker's default allows it only with CAP_SYS_ADMIN, and then unfiltered).
 */
export const FILTERED_SYSCALLS: readonly string[] = ['clone', 'personality', 'socket', 'unshare'];

/** What the filter planner knows beyond the argument values. */
export interface FilterContext {
  architectures: readonly SeccompArch[];
  /** The emitted cap_add includes CAP_SYS_ADMIN. */
  sysAdmin: boolean;
}

/** The rules that replace an unconditional ALLOW of one syscall (none: allow it unconditionally), and why. */
export interface FilterPlan {
  rules: SyscallRule[];
  note: string;
}

const S390 = new Set<SeccompArch>(['SCMP_ARCH_S390', 'SCMP_ARCH_S390X']);

const U64_MAX = (1n << 64n) - 1n;

/** A uint64 the filter can compare with: a safe integer, or a bigint up to 2^64-1 (exact, never through a double). */
function isUint64(v: Uint64): boolean {
  return typeof v === 'bigint' ? v >= 0n && v <= U64_MAX : Number.isSafeInteger(v) && v >= 0;
}

/** Known values: every one a uint64 (bigints above 2^53 included) and the set not truncated by the recorder. */
function knownValues(arg: ArgValues | undefined): Uint64[] | undefined {
  if (!arg || arg.truncated || arg.values.length === 0 || !arg.values.every(isUint64)) return undefined;
  const seen = new Map(arg.values.map((v) => [String(v), v] as const));
  return [...seen.values()].sort(compareUint64);
}

function hasNamespaceFlag(flags: Uint64): boolean {
  return (BigInt(flags) & BigInt(CLONE_NAMESPACE_MASK)) !== 0n;
}

function eqRules(name: string, values: readonly Uint64[]): SyscallRule[] {
  return values.map((value) => ({
    names: [name],
    action: 'SCMP_ACT_ALLOW',
    args: [{ index: 0, value, op: 'SCMP_CMP_EQ' }],
  }));
}

/** clone's flags are arg0, except on s390/s390x where the argument order differs (arg1). */
function cloneRules(architectures: readonly SeccompArch[]): SyscallRule[] {
  const rule = (index: number): SyscallRule => ({
    names: ['clone'],
    action: 'SCMP_ACT_ALLOW',
    args: [{ index, value: CLONE_NAMESPACE_MASK, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
  });
  const s390 = architectures.some((a) => S390.has(a));
  const other = architectures.some((a) => !S390.has(a));
  if (s390 && other)
    return [
      { ...rule(0), excludes: { arches: ['s390', 's390x'] } },
      { ...rule(1), includes: { arches: ['s390', 's390x'] } },
    ];
  return [rule(s390 ? 1 : 0)];
}

function planClone(args: Record<string, ArgValues> | undefined, ctx: FilterContext): FilterPlan | undefined {
  const s390Only = ctx.architectures.length > 0 && ctx.architectures.every((a) => S390.has(a));
  const flags = knownValues(args?.[s390Only ? '1' : '0']);
  if (flags) {
    const ns = flags.filter(hasNamespaceFlag);
    if (ns.length > 0)
      return { rules: [], note: `namespace flags observed (${ns.map(hex).join(', ')}): clone left unfiltered` };
    return {
      rules: cloneRules(ctx.architectures),
      note: `no namespace flags in ${flags.length} observed flag sets: Docker's MASKED_EQ 0x7E020000 filter`,
    };
  }
  if (ctx.sysAdmin) return { rules: [], note: 'flags not decoded and CAP_SYS_ADMIN granted: clone left unfiltered' };
  return {
    rules: cloneRules(ctx.architectures),
    note: "flags not decoded by the backend; Docker's namespace filter kept because CAP_SYS_ADMIN is not granted",
  };
}

/** unshare(flags) with no CLONE_NEW* bit: its one argument is arg 0 on every ABI. */
const UNSHARE_NO_NAMESPACE: SyscallRule = {
  names: ['unshare'],
  action: 'SCMP_ACT_ALLOW',
  args: [{ index: 0, value: CLONE_NAMESPACE_MASK, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
};

/**
 * unshare: only the observed flag sets (a program passes constants); with more of them, no new
 * namespace unless one was observed; flags not decoded: no new namespace unless CAP_SYS_ADMIN is
 * added (without it Docker's default refuses unshare altogether, so nothing it allows is lost).
 */
function planUnshare(args: Record<string, ArgValues> | undefined, ctx: FilterContext): FilterPlan {
  const flags = knownValues(args?.['0']);
  if (flags && flags.length <= MAX_FILTER_VALUES)
    return { rules: eqRules('unshare', flags), note: `only the observed flag set(s) ${flags.map(hex).join(', ')}` };
  if (flags) {
    const ns = flags.filter(hasNamespaceFlag);
    if (ns.length > 0)
      return { rules: [], note: `namespace flags observed (${ns.map(hex).join(', ')}): unshare left unfiltered` };
    return {
      rules: [UNSHARE_NO_NAMESPACE],
      note: `no namespace flags in ${flags.length} observed flag sets: MASKED_EQ 0x7E020000`,
    };
  }
  if (ctx.sysAdmin) return { rules: [], note: 'flags not decoded and CAP_SYS_ADMIN granted: unshare left unfiltered' };
  return {
    rules: [UNSHARE_NO_NAMESPACE],
    note: 'flags not decoded by the backend; no new namespace (MASKED_EQ 0x7E020000) because CAP_SYS_ADMIN is not granted',
  };
}

function planPersonality(args: Record<string, ArgValues> | undefined): FilterPlan {
  const values = knownValues(args?.['0']);
  if (values && values.length <= MAX_FILTER_VALUES)
    return {
      rules: eqRules('personality', values),
      note: `only the observed persona value(s) ${values.map(hex).join(', ')}`,
    };
  return {
    rules: eqRules('personality', DOCKER_PERSONALITIES),
    note: "values not decoded: Docker's default persona allowlist",
  };
}

function planSocket(args: Record<string, ArgValues> | undefined): FilterPlan {
  const values = knownValues(args?.['0']);
  if (values && values.length <= MAX_FILTER_VALUES)
    return { rules: eqRules('socket', values), note: `only the observed address families ${values.join(', ')}` };
  return {
    rules: [
      { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 38, op: 'SCMP_CMP_LT' }] },
      { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 39, op: 'SCMP_CMP_EQ' }] },
      { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 40, op: 'SCMP_CMP_GT' }] },
    ],
    note: "families not decoded: Docker's default filter (no AF_ALG 38, no AF_VSOCK 40)",
  };
}

function hex(n: Uint64): string {
  return `0x${n.toString(16)}`;
}

/**
 * Argument-filter rules for an allowed high-risk syscall, from the values the observations
 * recorded. Undefined for syscalls that are not filtered.
 */
export function planArgFilter(
  name: string,
  args: Record<string, ArgValues> | undefined,
  ctx: FilterContext,
): FilterPlan | undefined {
  switch (name) {
    case 'clone':
      return planClone(args, ctx);
    case 'personality':
      return planPersonality(args);
    case 'socket':
      return planSocket(args);
    case 'unshare':
      return planUnshare(args, ctx);
    default:
      return undefined;
  }
}
