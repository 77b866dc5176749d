import type { Handover } from './parse.js';

/** The container's namespace key and how it was found, or why it could not be. */
export type FoundNamespace = { ns: string; how: string } | { ns: undefined; why: string };

/** What is known about the container: its init pid (0 once exited), its mount-namespace inode if read. */
export interface ContainerClues {
  pid: number;
  inode: string | undefined;
}

/**
 * Find the container's namespace among the runtime's handovers (execs into a workload): the one
 * made by the container's init pid (and, when read from /proc, in its namespace inode). A
 * container that exited before it could be inspected (pid 0) is found by its hostname instead,
 * when exactly one namespace matches.
 */
export function findNamespace(
  handovers: readonly Handover[],
  clues: ContainerClues,
  hostname: string | undefined,
): FoundNamespace {
  if (clues.pid > 0) {
    const byPid = distinct(
      handovers.filter((h) => h.pid === clues.pid && (clues.inode === undefined || h.inode === clues.inode)),
    );
    if (byPid.length === 1) return { ns: byPid[0]!, how: `the runtime's exec by init pid ${clues.pid}` };
  }
  const byName = hostname === undefined ? [] : distinct(handovers.filter((h) => h.hostname === hostname));
  if (byName.length === 1)
    return { ns: byName[0]!, how: `the container's hostname ${hostname} (its init pid was not known)` };
  return {
    ns: undefined,
    why: `the container's mount namespace could not be determined (no runtime exec by init pid ${clues.pid}, and ${byName.length} namespaces had hostname ${hostname ?? 'unknown'})`,
  };
}

/** Inode keys are reused: the distinct hostnames seen in namespace `ns`, to flag two containers sharing it. */
export function hostnamesIn(handovers: readonly Handover[], ns: string): string[] {
  return [...new Set(handovers.filter((h) => h.ns === ns).map((h) => h.hostname))].sort();
}

function distinct(handovers: readonly Handover[]): string[] {
  return [...new Set(handovers.map((h) => h.ns))];
}
