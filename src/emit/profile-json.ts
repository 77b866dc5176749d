import {
  PROFILE_FIELDS,
  type RuleFilter,
  type SeccompArg,
  type SeccompProfile,
  type SyscallRule,
} from '../model/profile.js';
import { sortUnique, stableJson } from '../model/stable-order.js';

/** Copy only the defined values of `source`, in the order of `keys`. */
function pick<T extends object>(source: T, keys: ReadonlyArray<keyof T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

function writeArg(arg: SeccompArg): SeccompArg {
  return pick(arg, ['index', 'value', 'valueTwo', 'op']) as SeccompArg;
}

/**
 * Caps and arches are sets (includes: all must hold, excludes: any drops), so they are sorted.
 * Empty parts mean "no condition" and are left out, as normalization does when reading.
 */
function writeFilter(filter: RuleFilter | undefined): RuleFilter | undefined {
  if (filter === undefined) return undefined;
  const out: RuleFilter = {};
  if (filter.caps !== undefined && filter.caps.length > 0) out.caps = sortUnique(filter.caps);
  if (filter.arches !== undefined && filter.arches.length > 0) out.arches = sortUnique(filter.arches);
  if (filter.minKernel !== undefined && filter.minKernel !== '') out.minKernel = filter.minKernel;
  return Object.keys(out).length > 0 ? out : undefined;
}

function writeRule(rule: SyscallRule): SyscallRule {
  return pick(
    {
      names: sortUnique(rule.names),
      action: rule.action,
      errnoRet: rule.errnoRet,
      args: rule.args !== undefined && rule.args.length > 0 ? rule.args.map(writeArg) : undefined,
      comment: rule.comment === '' ? undefined : rule.comment,
      includes: writeFilter(rule.includes),
      excludes: writeFilter(rule.excludes),
    },
    ['names', 'action', 'errnoRet', 'args', 'comment', 'includes', 'excludes'],
  ) as SyscallRule;
}

/**
 * The canonical, deterministic moby-format text of a profile: fixed key order, names sorted, rule
 * order kept (it can matter for conditions), 2-space indent, trailing newline.
 */
export function serializeProfile(profile: SeccompProfile): string {
  const document = pick(
    {
      ...profile,
      archMap: profile.archMap?.map((entry) => ({
        architecture: entry.architecture,
        subArchitectures: [...entry.subArchitectures],
      })),
      syscalls: profile.syscalls.map(writeRule),
    },
    PROFILE_FIELDS,
  );
  return stableJson(document);
}
