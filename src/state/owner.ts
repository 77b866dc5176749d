import { readFileSync } from 'node:fs';

/** Docker label on every container seccompose starts: the owner tag of the seccompose process. */
export const OWNER_LABEL = 'io.seccompose.owner';

/**
 * A process identity that survives pid reuse: `pid:starttime` (field 22 of /proc/PID/stat, in
 * clock ticks since boot). A leftover is one whose owner tag no longer names a live process.
 */
export function ownerTagOf(pid: number): string | undefined {
  const start = startTimeOf(pid);
  return start === undefined ? undefined : `${pid}:${start}`;
}

let self: string | undefined;

/** This process's owner tag. */
export function ownTag(): string {
  self ??= ownerTagOf(process.pid) ?? `${process.pid}:0`;
  return self;
}

/** Whether the process an owner tag names is still running (same pid, same start time, not a zombie). */
export function isOwnerAlive(tag: string): boolean {
  const [pid, start] = tag.split(':');
  if (pid === undefined || !/^\d+$/.test(pid)) return false;
  const fields = statFields(Number(pid));
  return fields !== undefined && fields[0] !== 'Z' && fields[19] === start;
}

/** Field 22 of /proc/PID/stat (start time), undefined when there is no such process. */
export function startTimeOf(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

/** /proc/PID/stat from field 3 (state) on; the command name (field 2) may hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}
