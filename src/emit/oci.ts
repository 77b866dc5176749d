import type { SeccompProfile } from '../model/profile.js';
import { resolveProfile, type ResolveContext } from '../profile/resolve.js';
import { sortKeys, sortUnique, stableJson } from '../model/stable-order.js';

/** The OCI runtime-spec `linux.seccomp` object (config-linux.md), plain: no moby extensions. */
export interface OciSeccomp {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  flags?: string[];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls?: {
    names: string[];
    action: string;
    errnoRet?: number;
    args?: { index: number; value: number | bigint; valueTwo?: number | bigint; op: string }[];
  }[];
}

/**
 * Resolve a moby profile for one context exactly as dockerd does (archMap → architectures,
 * includes/excludes applied, comments stripped) and return the plain OCI `linux.seccomp`.
 */
export function ociSeccomp(profile: SeccompProfile, context: ResolveContext): OciSeccomp {
  const policy = resolveProfile(profile, context);
  const out: OciSeccomp = { defaultAction: policy.defaultAction };
  if (policy.defaultErrnoRet !== undefined) out.defaultErrnoRet = policy.defaultErrnoRet;
  if (policy.architectures.length > 0) out.architectures = [...policy.architectures];
  if (profile.flags && profile.flags.length > 0) out.flags = sortUnique(profile.flags);
  if (profile.listenerPath !== undefined) out.listenerPath = profile.listenerPath;
  if (profile.listenerMetadata !== undefined) out.listenerMetadata = profile.listenerMetadata;
  if (policy.rules.length > 0)
    out.syscalls = policy.rules.map((rule) => ({
      names: sortUnique(rule.names),
      action: rule.action,
      ...(rule.errnoRet !== undefined ? { errnoRet: rule.errnoRet } : {}),
      ...(rule.args && rule.args.length > 0 ? { args: rule.args.map((a) => sortKeys({ ...a })) } : {}),
    }));
  return out;
}

/** The object as the `linux.seccomp` member of a config.json, stable JSON text. */
export function renderOciSeccomp(seccomp: OciSeccomp): string {
  return stableJson({ linux: { seccomp } });
}
