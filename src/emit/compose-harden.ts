import type { Observation } from '../model/observation.js';

/** One suggested setting, with the evidence behind it (written as a comment above it). */
export interface Suggestion<T> {
  value: T | undefined;
  /** Why it is suggested, or why not. */
  because: string;
}

/** `--harden` for one service: read_only + tmpfs, and user, from its recordings. */
export interface Hardening {
  readOnly: Suggestion<{ tmpfs: string[] }>;
  user: Suggestion<string>;
}

/** The unprivileged user suggested when nothing needs root (Debian's and busybox's nobody). */
export const NOBODY = '65534:65534';
const ROOT_USERS = new Set(['', '0', 'root', '0:0', 'root:root']);

/**
 * What the recordings of one service prove about its filesystem and user: `read_only: true`
 * with a tmpfs on each directory it wrote to, when the image has nothing in those directories
 * (a tmpfs over them hides nothing) and it changed no image file; `user: 65534:65534` when it ran
 * as root but used no capability (observed: the ebpf backend traces every check) and wrote only
 * to those tmpfs (then owned by that user) and to no volume.
 */
export function hardenService(observations: readonly Observation[], writableMounts: readonly string[]): Hardening {
  const readOnly = suggestReadOnly(observations);
  return { readOnly, user: suggestUser(observations, readOnly.value !== undefined, writableMounts) };
}

function suggestReadOnly(observations: readonly Observation[]): Hardening['readOnly'] {
  const writes = observations.map((o) => o.writes);
  if (writes.some((w) => w === undefined))
    return {
      value: undefined,
      because: 'not suggested: a recording has no record of the files it wrote (record it again with this version)',
    };
  const dirs = new Map<string, number>();
  const modified = new Set<string>();
  for (const w of writes) {
    for (const d of w!.dirs) dirs.set(d.path, Math.max(dirs.get(d.path) ?? 0, d.imageEntries));
    for (const f of w!.modifiedImageFiles) modified.add(f);
  }
  const source = writes[0]!.source;
  if (modified.size > 0)
    return {
      value: undefined,
      because: `not suggested: it changed image files in place (${[...modified].sort().join(', ')}; ${source}): mount a volume there`,
    };
  const full = [...dirs].filter(([path, entries]) => path === '/' || entries !== 0);
  if (full.length > 0)
    return {
      value: undefined,
      because: `not suggested: it wrote to ${full.map(([p, n]) => `${p} (${n < 0 ? 'image contents unknown' : `${n} files in the image`})`).join(', ')}; a tmpfs there would hide the image's files: mount a volume there (${source})`,
    };
  const tmpfs = [...dirs.keys()].sort();
  return {
    value: { tmpfs },
    because:
      tmpfs.length === 0
        ? `it wrote no file outside its volumes (${source})`
        : `it wrote only to ${tmpfs.join(', ')}, empty in the image (${source})`,
  };
}

function suggestUser(
  observations: readonly Observation[],
  readOnly: boolean,
  writableMounts: readonly string[],
): Hardening['user'] {
  const users = new Set(
    observations.map((o) => (o.workload.kind === 'container' ? (o.workload.compose?.user ?? '') : '')),
  );
  const nonRoot = [...users].filter((u) => !ROOT_USERS.has(u));
  if (nonRoot.length > 0) return { value: undefined, because: `not needed: it already runs as ${nonRoot.join(', ')}` };
  const unobserved = observations.filter((o) => o.backend.name !== 'ebpf').map((o) => o.backend.name);
  if (unobserved.length > 0)
    return {
      value: undefined,
      because: `not provable: the ${[...new Set(unobserved)].join(', ')} backend does not trace capability checks (record with --backend ebpf)`,
    };
  const used = [
    ...new Set(
      observations.flatMap((o) =>
        Object.entries(o.capabilities)
          .filter(([, u]) => u.granted > 0 || u.source === 'inferred')
          .map(([name]) => name),
      ),
    ),
  ].sort();
  if (used.length > 0)
    return { value: undefined, because: `not suggested: it ran as root and used ${used.join(', ')}` };
  if (!readOnly)
    return {
      value: undefined,
      because: 'not provable: it wrote outside a tmpfs, and the owner of those paths may be root',
    };
  if (writableMounts.length > 0)
    return {
      value: undefined,
      because: `not provable: it mounts writable volumes (${writableMounts.join(', ')}) whose owners seccompose cannot check`,
    };
  return {
    value: NOBODY,
    because:
      'it ran as root but used no capability (ebpf traced every check) and wrote only to its tmpfs (owned by that user)',
  };
}
