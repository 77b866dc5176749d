import { InputError } from '../errors.js';
import {
  NUMERIC_ACTIONS,
  type RawProfile,
  type RuleFilter,
  type SeccompAction,
  type SeccompProfile,
  type SyscallRule,
} from '../model/profile.js';

/** A problem found while normalizing, at a JSON pointer into the document. */
export interface NormalizeProblem {
  pointer: string;
  message: string;
}

type RawRule = NonNullable<RawProfile['syscalls']>[number];
type RawAction = RawProfile['defaultAction'];

/** A decoded action: numeric ERRNO/TRACE actions carry their value in the low 16 bits. */
interface DecodedAction {
  action: SeccompAction;
  data?: number;
}

/** 'SCMP_ACT_ERRNO' or libseccomp's numeric form (0x00050001 = ERRNO(EPERM)) → action + data. */
export function decodeAction(value: RawAction): DecodedAction | undefined {
  if (typeof value === 'string') return { action: value };
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) return undefined;
  const low = value % 0x10000;
  const base = value - low;
  const match = NUMERIC_ACTIONS.find(([number]) => number === base);
  if (match === undefined) return undefined;
  const [, action] = match;
  if (action === 'SCMP_ACT_ERRNO' || action === 'SCMP_ACT_TRACE') return low === 0 ? { action } : { action, data: low };
  return low === 0 ? { action } : undefined;
}

/** Resolve an action and its errno/trace value; records a problem and returns undefined if invalid. */
function resolveAction(value: RawAction, errnoRet: number | undefined, pointer: string, problems: NormalizeProblem[]) {
  const decoded = decodeAction(value);
  if (decoded === undefined) {
    problems.push({ pointer, message: `unknown numeric action ${String(value)}; write one of the SCMP_ACT_* names` });
    return undefined;
  }
  if (decoded.data !== undefined && errnoRet !== undefined && errnoRet !== decoded.data) {
    problems.push({ pointer, message: `numeric action carries errno ${decoded.data} but errnoRet says ${errnoRet}` });
    return undefined;
  }
  return { action: decoded.action, errnoRet: errnoRet ?? decoded.data };
}

function normalizeFilter(filter: RuleFilter | undefined): RuleFilter | undefined {
  if (filter === undefined) return undefined;
  const out: RuleFilter = {};
  if (filter.caps !== undefined && filter.caps.length > 0) out.caps = [...filter.caps];
  if (filter.arches !== undefined && filter.arches.length > 0) out.arches = [...filter.arches];
  if (filter.minKernel !== undefined && filter.minKernel !== '') out.minKernel = filter.minKernel;
  return Object.keys(out).length > 0 ? out : undefined;
}

function ruleNames(rule: RawRule, pointer: string, problems: NormalizeProblem[]): string[] | undefined {
  if (rule.name !== undefined && rule.names !== undefined) {
    problems.push({ pointer, message: 'rule has both "name" and "names"; keep only "names"' });
    return undefined;
  }
  const names = rule.names ?? (rule.name !== undefined ? [rule.name] : []);
  if (names.length === 0) {
    problems.push({ pointer, message: 'rule names no syscall; give "names": ["..."]' });
    return undefined;
  }
  return [...names];
}

const U64_MAX = (1n << 64n) - 1n;

/** uint64 argument values must be whole numbers below 2^64 (the zod model only checks that they are ≥ 0). */
function checkArgValues(rule: RawRule, pointer: string, problems: NormalizeProblem[]): boolean {
  const before = problems.length;
  (rule.args ?? []).forEach((arg, index) => {
    for (const key of ['value', 'valueTwo'] as const) {
      const value = arg[key];
      const whole = typeof value === 'bigint' || Number.isInteger(value);
      if (value !== undefined && (!whole || BigInt(value) > U64_MAX)) {
        problems.push({
          pointer: `${pointer}/args/${index}/${key}`,
          message: whole
            ? `${key} ${value} does not fit in 64 bits (at most 18446744073709551615)`
            : `${key} must be a whole number, got ${value}`,
        });
      }
    }
  });
  return problems.length === before;
}

function normalizeRule(rule: RawRule, pointer: string, problems: NormalizeProblem[]): SyscallRule | undefined {
  if (!checkArgValues(rule, pointer, problems)) return undefined;
  const names = ruleNames(rule, pointer, problems);
  const resolved = resolveAction(rule.action, rule.errnoRet, `${pointer}/action`, problems);
  if (names === undefined || resolved === undefined) return undefined;
  const out: SyscallRule = { names, action: resolved.action };
  if (resolved.errnoRet !== undefined) out.errnoRet = resolved.errnoRet;
  if (rule.args != null && rule.args.length > 0) out.args = rule.args.map((arg) => ({ ...arg }));
  const includes = normalizeFilter(rule.includes);
  const excludes = normalizeFilter(rule.excludes);
  if (includes !== undefined) out.includes = includes;
  if (excludes !== undefined) out.excludes = excludes;
  if (rule.comment !== undefined && rule.comment !== '') out.comment = rule.comment;
  return out;
}

/** Normalize a schema-valid profile and collect every problem instead of stopping at the first. */
export function normalizeCollecting(raw: RawProfile): { profile: SeccompProfile; problems: NormalizeProblem[] } {
  const problems: NormalizeProblem[] = [];
  const top = resolveAction(raw.defaultAction, raw.defaultErrnoRet, '/defaultAction', problems);
  const profile: SeccompProfile = { defaultAction: top?.action ?? 'SCMP_ACT_ERRNO', syscalls: [] };
  if (top?.errnoRet !== undefined) profile.defaultErrnoRet = top.errnoRet;
  if (raw.architectures != null) profile.architectures = [...raw.architectures];
  if (raw.archMap != null) {
    profile.archMap = raw.archMap.map((entry) => ({
      architecture: entry.architecture,
      subArchitectures: [...(entry.subArchitectures ?? [])],
    }));
  }
  if (raw.flags != null) profile.flags = [...raw.flags];
  if (raw.listenerPath !== undefined) profile.listenerPath = raw.listenerPath;
  if (raw.listenerMetadata !== undefined) profile.listenerMetadata = raw.listenerMetadata;
  (raw.syscalls ?? []).forEach((rule, index) => {
    const normalized = normalizeRule(rule, `/syscalls/${index}`, problems);
    if (normalized !== undefined) profile.syscalls.push(normalized);
  });
  return { profile, problems };
}

/**
 * Normalize a schema-valid profile to the modern form: legacy `name` → `names`, numeric actions →
 * names (errno in the low 16 bits → errnoRet), null/empty args and filters dropped. Throws InputError.
 */
export function normalizeProfile(raw: RawProfile): SeccompProfile {
  const { profile, problems } = normalizeCollecting(raw);
  const first = problems[0];
  if (first !== undefined) {
    throw new InputError(`${first.pointer}: ${first.message}`, {
      hint: 'fix the rule, then run seccompose lint on the file',
    });
  }
  return profile;
}
