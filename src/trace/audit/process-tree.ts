import type { ExecveRecord, SyscallRecord } from './parse.js';

/**
 * The process tree seen through audit `SYSCALL` records (seccompose adds rules on execve,
 * execveat and exit_group while it records): each record names a process and its parent by
 * host pid, so every process that execs or exits is linked to its parent — also short-lived
 * ones that are gone before anyone could look at /proc. A process that neither execs nor
 * calls exit_group (killed by a signal) is not linked.
 */
export class ProcessTree {
  private readonly parentOf = new Map<number, number>();
  private readonly pidBySerial = new Map<number, number>();
  private readonly shimExecs: ExecveRecord[] = [];

  /** Remember the pid → ppid link of a SYSCALL record. */
  addSyscall(record: SyscallRecord): void {
    if (record.pid > 0 && record.ppid > 0 && record.pid !== record.ppid) this.parentOf.set(record.pid, record.ppid);
    this.pidBySerial.set(record.serial, record.pid);
  }

  /** Keep the argv of containerd shims: they name the container id. */
  addExecve(record: ExecveRecord): void {
    if (record.args.some((arg) => arg.includes('containerd-shim'))) this.shimExecs.push(record);
  }

  /** Host pids of the containerd shim(s) started for `containerId` (Docker ≥ 20.10, shim v2). */
  shimPids(containerId: string): number[] {
    const pids = new Set<number>();
    for (const exec of this.shimExecs) {
      const at = exec.args.indexOf('-id');
      if (at < 0 || exec.args[at + 1] !== containerId) continue;
      const pid = this.pidBySerial.get(exec.serial);
      if (pid !== undefined) pids.add(pid);
    }
    return [...pids].sort((a, b) => a - b);
  }

  /** Direct children (pids whose recorded parent is one of `parents`). */
  childrenOf(parents: Iterable<number>): number[] {
    const wanted = new Set(parents);
    const children: number[] = [];
    for (const [pid, ppid] of this.parentOf) if (wanted.has(ppid)) children.push(pid);
    return children.sort((a, b) => a - b);
  }

  /** `roots` and every recorded descendant of them. */
  descendants(roots: Iterable<number>): Set<number> {
    const children = new Map<number, number[]>();
    for (const [pid, ppid] of this.parentOf) {
      const list = children.get(ppid);
      if (list) list.push(pid);
      else children.set(ppid, [pid]);
    }
    const found = new Set<number>();
    const queue = [...roots];
    while (queue.length > 0) {
      const pid = queue.pop()!;
      if (found.has(pid)) continue;
      found.add(pid);
      queue.push(...(children.get(pid) ?? []));
    }
    return found;
  }

  /** Number of parent links known. */
  get size(): number {
    return this.parentOf.size;
  }
}
