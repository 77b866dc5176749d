import type { Observation } from '../model/observation.js';

/** What a container recording ran with that a Kubernetes securityContext can enforce too. */
export interface ContainerHardening {
  readOnlyRootFilesystem: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  notes: string[];
}

interface RunUser {
  user: string;
  group?: string;
}

/** `--read-only` and the last `--user`/`-u` of the user's docker run arguments. */
function hardeningFlags(args: readonly string[]): { readOnly: boolean; user?: RunUser } {
  let readOnly = false;
  let user: RunUser | undefined;
  args.forEach((arg, i) => {
    if (arg === '--read-only' || arg === '--read-only=true') readOnly = true;
    if (arg === '--read-only=false') readOnly = false;
    const value =
      arg === '--user' || arg === '-u'
        ? args[i + 1]
        : arg.startsWith('--user=')
          ? arg.slice('--user='.length)
          : /^-u.+/.test(arg)
            ? arg.slice(2).replace(/^=/, '')
            : undefined;
    if (value !== undefined) {
      const [name, group] = value.split(':');
      user = { user: name ?? '', ...(group === undefined ? {} : { group }) };
    }
  });
  return { readOnly, ...(user ? { user } : {}) };
}

const NUMERIC = /^\d+$/;

/**
 * The hardening every container observation shows: a read-only root only when every recording
 * ran with --read-only; a non-root uid only when every recording ran as the same numeric uid
 * (Kubernetes checks runAsNonRoot against a uid, and a name says nothing about one).
 */
export function hardeningOf(observations: readonly Observation[]): ContainerHardening | undefined {
  const containers = observations.flatMap((o) => (o.workload.kind === 'container' ? [o.workload] : []));
  if (containers.length === 0) return undefined;
  const flags = containers.map((w) => hardeningFlags(w.dockerArgs));
  const notes: string[] = [];
  const readOnly = flags.every((f) => f.readOnly);
  if (!readOnly && flags.some((f) => f.readOnly))
    notes.push('readOnlyRootFilesystem left out: only some recordings ran with --read-only');
  const users = new Set(flags.map((f) => f.user?.user ?? ''));
  const groups = new Set(flags.map((f) => f.user?.group ?? ''));
  const [user] = users;
  const [group] = groups;
  const out: ContainerHardening = { readOnlyRootFilesystem: readOnly, notes };
  if (users.size > 1)
    notes.push(`runAsUser left out: the recordings ran as different users (${[...users].join(', ')})`);
  else if (user !== undefined && user !== '' && !NUMERIC.test(user))
    notes.push(`runAsNonRoot left out: the recording ran as user "${user}", a name; Kubernetes needs a numeric uid`);
  else if (user !== undefined && NUMERIC.test(user) && Number(user) !== 0) {
    out.runAsUser = Number(user);
    if (groups.size === 1 && group !== undefined && NUMERIC.test(group)) out.runAsGroup = Number(group);
  }
  return out;
}
