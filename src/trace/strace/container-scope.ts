import type { SeccompArch } from '../../model/profile.js';
import { SyscallTally } from '../../observation/tally.js';
import type { TraceRouter } from './parse.js';

/** `execve("/proc/self/exe", ["runc", "init"], ...)` and runc's memfd re-exec `execveat(6, "", ["runc", "init"], ...)`. */
const RUNC_INIT = /\["[^"]*runc[^"]*", "init"\]/;
/** `execve("/usr/sbin/runc", ["runc", ..., "create", ..., "<container id, cut at 32 chars>"...], ...)`. */
const RUNC_CREATE = /^"[^"]*runc", \["runc", .*"create", .*"([0-9a-f]{12,64})"(?:\.\.\.)?\]/;

/**
 * Keeps, out of everything `strace -f -p <containerd>` sees, only what containers' workloads do:
 * a process running `runc init` (and the processes it clones) belongs to the runtime until it
 * executes something else — that exec is the entrypoint (after runc installed the filter), and
 * that process is the root of a container's workload. From then on it and everything it spawns
 * count into that root's own tally; runc's setup, containerd and the shims are never counted.
 * `docker exec` processes become roots of their own, so the caller picks the container's init.
 */
export class ContainerScope implements TraceRouter {
  /** Each container workload's tally, by the host pid of its root (the container's init). */
  readonly roots = new Map<number, SyscallTally>();
  private readonly runcInit = new Set<number>();
  private readonly rootOf = new Map<number, number>();
  private readonly execArgs = new Map<number, string>();
  /** The container id (or the 32-char prefix strace printed) runc create / runc init work for. */
  private readonly idOf = new Map<number, string>();
  private readonly rootIds = new Map<number, string>();

  tallyFor(pid: number): SyscallTally | undefined {
    const root = this.rootOf.get(pid);
    return root === undefined ? undefined : this.roots.get(root);
  }

  execStart(pid: number, args: string): void {
    const created = RUNC_CREATE.exec(args)?.[1];
    if (created !== undefined) this.idOf.set(pid, created);
    if (this.runcInit.has(pid) || RUNC_INIT.test(args)) this.execArgs.set(pid, args);
  }

  /** Calls and distinct names counted for the workloads so far (never containerd's or runc's own). */
  progress(): { calls: number; distinct: number } {
    let calls = 0;
    let distinct = 0;
    for (const tally of this.roots.values()) {
      calls += tally.calls;
      distinct = Math.max(distinct, tally.distinct);
    }
    return { calls, distinct };
  }

  /** The workload tally of the container whose init has host pid `pid` or whose id is `id`. */
  tallyOfContainer(pid: number, id: string): SyscallTally | undefined {
    const byPid = pid > 0 ? this.roots.get(pid) : undefined;
    if (byPid !== undefined) return byPid;
    for (const [root, prefix] of this.rootIds) if (id.startsWith(prefix)) return this.roots.get(root);
    return undefined;
  }

  execDone(pid: number, arch: SeccompArch): void {
    const args = this.execArgs.get(pid);
    this.execArgs.delete(pid);
    if (args === undefined) return;
    if (RUNC_INIT.test(args)) {
      this.runcInit.add(pid);
      return;
    }
    if (!this.runcInit.delete(pid)) return;
    const tally = new SyscallTally();
    tally.add(arch, 'execve');
    this.roots.set(pid, tally);
    this.rootOf.set(pid, pid);
    const id = this.idOf.get(pid);
    if (id !== undefined) this.rootIds.set(pid, id);
  }

  spawned(parent: number, child: number): void {
    if (this.runcInit.has(parent)) this.runcInit.add(child);
    const id = this.idOf.get(parent);
    if (id !== undefined) this.idOf.set(child, id);
    const root = this.rootOf.get(parent);
    if (root !== undefined) this.rootOf.set(child, root);
  }

  exited(pid: number): void {
    this.runcInit.delete(pid);
    this.rootOf.delete(pid);
    this.execArgs.delete(pid);
    this.idOf.delete(pid);
  }
}
