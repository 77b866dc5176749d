import { readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { COMPOSE_LABELS } from '../engine/compose.js';
import type { Runner } from '../exec/run.js';
import { removeTreeRules } from '../trace/audit/control.js';
import { mountsUnder } from '../verify/host-runtime.js';
import { isOwnerAlive, OWNER_LABEL, startTimeOf } from '../state/owner.js';
import { deadEntries, dropEntry, type StateEntry } from '../state/registry.js';
import { isGone, projectRemains, removeProject, type ProjectRemains } from './compose-projects.js';

/** Something a seccompose process that is gone left on the machine. */
export type Leftover =
  | { kind: 'container'; id: string; name: string; owner: string }
  | { kind: 'audit-rules'; key: string; arches: string[]; owner: string }
  | { kind: 'tracer'; pid: number; command: string; owner: string }
  | { kind: 'temp-dir'; path: string; owner: string }
  | ({ kind: 'compose-project'; name: string; owner: string } & ProjectRemains);

/** What was found, and the state entries that only list things already gone. */
export interface LeftoverScan {
  leftovers: Leftover[];
  entries: StateEntry[];
  /** Sources that could not be asked (no docker, no auditctl): their leftovers are unknown. */
  unchecked: string[];
}

const QUERY_TIMEOUT_MS = 15_000;

/**
 * Find what dead seccompose processes left: their state entries, and containers with their owner
 * label. A compose project (from an entry, or named by a dead owner's container) is one leftover
 * with its containers, networks and volumes.
 */
export async function findLeftovers(runner: Runner): Promise<LeftoverScan> {
  const entries = await deadEntries();
  const unchecked: string[] = [];
  const containers = await deadContainers(runner, unchecked);
  const projects = new Map<string, string>();
  for (const c of containers) if (c.project) projects.set(c.project, c.owner);
  for (const entry of entries)
    for (const r of entry.resources) if (r.kind === 'compose-project') projects.set(r.name, entry.owner);
  const leftovers: Leftover[] = containers
    .filter((c) => !c.project)
    .map(({ id, name, owner }) => ({ kind: 'container', id, name, owner }));
  for (const [name, owner] of [...projects].sort(([a], [b]) => a.localeCompare(b))) {
    const remains = await projectRemains(runner, name);
    if (!remains) unchecked.push(`compose project ${name} (docker could not be asked)`);
    else if (!isGone(remains)) leftovers.push({ kind: 'compose-project', name, owner, ...remains });
  }
  const needsAudit = entries.some((e) => e.resources.some((r) => r.kind === 'audit-rules'));
  const rules = needsAudit ? await auditRules(runner, unchecked) : '';
  for (const entry of entries) {
    for (const r of entry.resources) {
      if (r.kind === 'audit-rules' && rules.includes(`key=${r.key}`)) leftovers.push({ ...r, owner: entry.owner });
      if (r.kind === 'tracer' && startTimeOf(r.pid) === r.start) {
        leftovers.push({ kind: 'tracer', pid: r.pid, command: r.command, owner: entry.owner });
      }
      if (r.kind === 'temp-dir' && isOurTempDir(r.path) && (await stat(r.path).catch(() => undefined))) {
        leftovers.push({ ...r, owner: entry.owner });
      }
    }
  }
  return { leftovers, entries, unchecked };
}

/** Remove every leftover, then the state entries; returns what could not be removed, with why. */
export async function removeLeftovers(
  runner: Runner,
  scan: LeftoverScan,
): Promise<{ leftover: Leftover; why: string }[]> {
  const failed: { leftover: Leftover; why: string }[] = [];
  for (const leftover of scan.leftovers) {
    const why = await removeOne(runner, leftover);
    if (why !== undefined) failed.push({ leftover, why });
  }
  if (failed.length === 0) for (const entry of scan.entries) await dropEntry(entry);
  return failed;
}

async function removeOne(runner: Runner, leftover: Leftover): Promise<string | undefined> {
  switch (leftover.kind) {
    case 'container': {
      const result = await runner.run('docker', ['rm', '--force', leftover.id], { timeoutMs: 60_000 });
      return result.exitCode === 0 ? undefined : result.stderr.trim() || `docker rm exited ${result.exitCode}`;
    }
    case 'audit-rules':
      await removeTreeRules(runner, leftover.key, leftover.arches);
      return (await auditRules(runner, [])).includes(`key=${leftover.key}`)
        ? 'auditctl -d did not remove the rules'
        : undefined;
    case 'tracer':
      try {
        process.kill(leftover.pid, 'SIGKILL');
        return undefined;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH' ? undefined : String(error);
      }
    case 'temp-dir': {
      // verify's host bundle mounts /proc, /dev, /sys under its dir: never remove through a mount.
      const mounts = mountsUnder(await readFile('/proc/self/mountinfo', 'utf8'), leftover.path);
      if (mounts.length > 0)
        return `it still has mounts (${mounts.join(', ')}): unmount them (umount -R ${leftover.path})`;
      await rm(leftover.path, { recursive: true, force: true });
      return undefined;
    }
    case 'compose-project':
      return removeProject(runner, leftover);
  }
}

/** Temp dirs are only ever seccompose's own (`$TMPDIR/seccompose-*`): a crafted entry cannot name /etc. */
function isOurTempDir(path: string): boolean {
  return path.startsWith(`${tmpdir()}/seccompose-`) && !path.slice(tmpdir().length).includes('..');
}

interface DeadContainer {
  id: string;
  name: string;
  owner: string;
  /** The compose project it belongs to ('' for none). */
  project: string;
}

async function deadContainers(runner: Runner, unchecked: string[]): Promise<DeadContainer[]> {
  const format = `{{.ID}}\t{{.Names}}\t{{.Label "${OWNER_LABEL}"}}\t{{.Label "${COMPOSE_LABELS.project}"}}`;
  const args = ['ps', '--all', '--no-trunc', '--filter', `label=${OWNER_LABEL}`, '--format', format];
  const result = await runner.run('docker', args, { timeoutMs: QUERY_TIMEOUT_MS }).catch(() => undefined);
  if (result === undefined || result.exitCode !== 0) {
    unchecked.push('containers (docker ps failed)');
    return [];
  }
  return result.stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([id, , owner]) => id !== undefined && id !== '' && owner !== undefined && !isOwnerAlive(owner))
    .map(([id, name, owner, project]) => ({ id: id!, name: name ?? '', owner: owner!, project: project ?? '' }));
}

async function auditRules(runner: Runner, unchecked: string[]): Promise<string> {
  const result = await runner.run('auditctl', ['-l'], { timeoutMs: QUERY_TIMEOUT_MS }).catch(() => undefined);
  if (result === undefined || result.exitCode !== 0) {
    unchecked.push('audit rules (auditctl -l failed)');
    return '';
  }
  return result.stdout;
}
