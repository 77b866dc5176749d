import { parse } from 'yaml';
import { InputError, messageOf } from '../errors.js';
import { checkServiceName } from './compose-names.js';

/** What seccompose needs to know about one service of a compose project. */
export interface ComposeService {
  name: string;
  /** `scale` or `deploy.replicas` (default 1). */
  replicas: number;
  securityOpt: string[];
  capAdd: string[];
  capDrop: string[];
  readOnly: boolean;
  tmpfs: string[];
  /** Container paths of the service's volumes and bind mounts (they stay writable under read_only). */
  mountTargets: string[];
  /** Those of them mounted read-write. */
  writableMounts: string[];
  user: string | undefined;
}

/** The services of `compose config` output (the merged, interpolated project), by name. */
export function parseComposeConfig(text: string, source: string): Map<string, ComposeService> {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new InputError(`${source}: not valid YAML: ${messageOf(error)}`, { cause: error });
  }
  const services = (doc as { services?: unknown } | null)?.services;
  if (!services || typeof services !== 'object' || Object.keys(services).length === 0)
    throw new InputError(`${source}: no services`, { hint: 'a compose file lists its containers under services:' });
  const out = new Map<string, ComposeService>();
  for (const [name, raw] of Object.entries(services as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
    out.set(name, serviceOf(checkServiceName(name, 'service'), (raw ?? {}) as Record<string, unknown>));
  return out;
}

function serviceOf(name: string, raw: Record<string, unknown>): ComposeService {
  return {
    name,
    replicas: replicasOf(raw),
    securityOpt: strings(raw.security_opt),
    capAdd: strings(raw.cap_add),
    capDrop: strings(raw.cap_drop),
    readOnly: raw.read_only === true,
    tmpfs: strings(raw.tmpfs),
    mountTargets: mounts(raw.volumes).map((m) => m.target),
    writableMounts: mounts(raw.volumes)
      .filter((m) => !m.readOnly)
      .map((m) => m.target),
    user: raw.user === undefined || raw.user === null ? undefined : String(raw.user),
  };
}

/**
 * How many containers compose starts for a service: `scale` or `deploy.replicas` (compose 1.29
 * honours either without --compatibility, and refuses both at once; v2 the same), at most
 * `deploy.placement.max_replicas_per_node` on this one node; 1 when neither is set.
 */
function replicasOf(raw: Record<string, unknown>): number {
  const deploy = (raw.deploy ?? {}) as { replicas?: unknown; placement?: { max_replicas_per_node?: unknown } };
  const count = Number(raw.scale ?? deploy.replicas ?? 1);
  const max = Number(deploy.placement?.max_replicas_per_node ?? Number.POSITIVE_INFINITY);
  const replicas = Number.isInteger(count) && count >= 0 ? count : 1;
  return Number.isNaN(max) ? replicas : Math.min(replicas, max);
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** `SRC:TARGET[:MODE]` or the long form `{target: ..., read_only: ...}`. */
function mounts(value: unknown): { target: string; readOnly: boolean }[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((v) => {
      if (typeof v === 'string') {
        const parts = v.split(':');
        return {
          target: parts.length === 1 ? parts[0] : parts[1],
          readOnly: (parts[2] ?? '').split(',').includes('ro'),
        };
      }
      const long = (v ?? {}) as { target?: unknown; read_only?: unknown };
      return { target: long.target, readOnly: long.read_only === true };
    })
    .filter((m): m is { target: string; readOnly: boolean } => typeof m.target === 'string' && m.target.startsWith('/'))
    .sort((a, b) => a.target.localeCompare(b.target));
}

/** Merge the services of several compose files as compose does for the keys seccompose reads (later files win; lists add up). */
export function mergeComposeFiles(docs: readonly { text: string; source: string }[]): Map<string, ComposeService> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const { text, source } of docs) {
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (error) {
      throw new InputError(`${source}: not valid YAML: ${messageOf(error)}`, { cause: error });
    }
    const services = ((doc ?? {}) as { services?: Record<string, Record<string, unknown> | null> }).services ?? {};
    for (const [name, raw] of Object.entries(services)) {
      const into = (merged[name] ??= {});
      for (const [key, value] of Object.entries(raw ?? {}))
        into[key] = Array.isArray(value) && Array.isArray(into[key]) ? [...(into[key] as unknown[]), ...value] : value;
    }
  }
  return parseComposeConfig(JSON.stringify({ services: merged }), docs.map((d) => d.source).join(', '));
}
