/**
 * What `record --attach` adds to the ebpf program (program.ts) for containers that already run.
 * Their processes never pass the runtime's exec handover, so the gate `@rec` is seeded:
 *
 * - BEGIN puts every process found in a target's mount namespace into `@rec` (numeric constants,
 *   each checked to be an integer here: nothing from the user ever reaches the program text),
 *   and the targets' mount-namespace inodes into `@target`.
 * - A second `task_newtask` probe admits a child whose parent is not recorded but runs in a
 *   target's mount namespace (a process forked while bpftrace was compiling, or one added late,
 *   forks on); forks are rare, so reading the namespace there costs nothing per syscall. A
 *   parent that is the runtime (`runc:[1:CHILD]` setting up a `docker exec`) is not: its child
 *   is admitted by the handover as in a normal recording, after the runtime's setup. Every
 *   admission is printed, so userspace can tell which processes the kernel knows.
 * - The same probe deletes a stale entry: a seeded process that exited before the probes were
 *   attached leaves its pid in `@rec`, and the next process to get that pid (pid_max is 32768
 *   here) would be counted. Every new process passes task_newtask, so the entry goes before the
 *   pid is reused.
 *
 * Everything is keyed by the namespace's inode (the only key userspace can read, from
 * /proc/PID/ns/mnt): the targets run throughout, so their inodes cannot be reused meanwhile.
 */
import { CLONE_THREAD, MNT_NS, type ProgramExtension, runtimeHead } from './program.js';

/** The line the program prints for each process it admits by fork: `SECCOMPOSE_ADMIT <pid> <inode>`. */
export const ADMIT_MARKER = 'SECCOMPOSE_ADMIT';

/** A process to record from the start, and the mount-namespace inode of its container. */
export interface Seed {
  pid: number;
  inode: string;
}

/** pid_max can be at most 2^22 (PID_MAX_LIMIT on 64-bit). */
const PID_LIMIT = 4_194_304;
const UINT32_MAX = 0xffff_ffff;

/** A pid as program text, or an error: it must be an integer in 1..2^22. */
export function checkedPid(pid: number): string {
  if (!Number.isSafeInteger(pid) || pid < 1 || pid > PID_LIMIT)
    throw new RangeError(`not a process id: ${String(pid)}`);
  return String(pid);
}

/** A mount-namespace inode as program text, or an error: decimal digits of a 32-bit number. */
export function checkedInode(inode: string): string {
  if (!/^\d{1,10}$/.test(inode) || Number(inode) > UINT32_MAX || Number(inode) === 0)
    throw new RangeError(`not a namespace inode: ${JSON.stringify(inode)}`);
  return String(Number(inode));
}

/** The BEGIN statements and the extra probe for an attach to the namespaces `inodes`, seeded with `seeds`. */
export function attachExtension(inodes: readonly string[], seeds: readonly Seed[]): ProgramExtension {
  if (inodes.length === 0) throw new RangeError('an attach needs at least one target namespace');
  const targets = new Set(inodes.map(checkedInode));
  const lines: string[] = [];
  for (const inode of targets) lines.push(`@target[(uint32)${inode}] = 1;`);
  for (const seed of seeds) {
    const inode = checkedInode(seed.inode);
    if (!targets.has(inode)) throw new RangeError(`seed ${seed.pid} is in namespace ${inode}, which is no target`);
    lines.push(`@rec[(uint64)${checkedPid(seed.pid)}] = (uint32)${inode};`);
  }
  const child = '(uint64)args->pid';
  const probes = `
tracepoint:task:task_newtask
/!(args->clone_flags & ${CLONE_THREAD})/
{
  $ns = @rec[pid];
  $head = *(uint64 *)curtask->comm;
  if ($ns) {
    printf("${ADMIT_MARKER} %d %u\\n", args->pid, $ns);
  } else {
    $inode = ${MNT_NS}->ns.inum;
    if (@target[$inode] && !${runtimeHead('$head')}) {
      @rec[${child}] = $inode;
      printf("${ADMIT_MARKER} %d %u\\n", args->pid, $inode);
    } else {
      if (@rec[${child}]) { delete(@rec[${child}]); }
    }
  }
}
`;
  return { begin: `${lines.join(' ')} `, probes, end: 'clear(@target); ' };
}

/** The process and namespace inode of an admission line the program printed, or undefined for any other line. */
export function parseAdmission(printed: string): Seed | undefined {
  const match = new RegExp(`^${ADMIT_MARKER} (\\d{1,7}) (\\d{1,10})$`).exec(printed.trim());
  return match ? { pid: Number(match[1]), inode: match[2]! } : undefined;
}
