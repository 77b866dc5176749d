/**
 * The bpftrace program of the ebpf backend: static text, nothing from the user is ever
 * interpolated into it. It decides first, with one map lookup, whether the calling process is
 * recorded; every other task on the machine leaves there.
 *
 * Maps (printed by bpftrace at exit, `-f json`):
 * - `@rec[pid]`               recorded processes (tgid) → their container's mount namespace key;
 *   cleared in END, so never printed
 * - `@enter[ns, compat, id]`  syscalls entered (`compat` is 2 for a 32-bit x86 task, else 0)
 * - `@fail[ns, compat, id]`   syscalls that returned a negative errno
 * - `@cap[ns, cap, granted]`  capability checks made with the task's own credentials
 * - `@handover[ns, inode, pid, hostname]` execs by the container runtime (the entrypoint's
 *   exec): how userspace finds the container's `ns` from its init pid
 * - `record --attach` extends the program (attach-program.ts): `@rec` seeded in BEGIN with the
 *   running containers' processes, `@target` their namespaces, one more fork probe
 *
 * Why these choices (all measured on Linux 6.18, bpftrace 0.17, Docker 20.10, runc 1.1, crun):
 * - Who is recorded: a process the runtime exec'd (the entrypoint, or a `docker exec` process),
 *   from the moment the exec replaces its runtime comm (`task_rename` from `runc:[2:INIT]` or
 *   `crun` to anything else: after the exec has killed the process's other threads, whose
 *   interrupted calls are the runtime's), and every process it forks (`task_newtask` without
 *   CLONE_THREAD); a process leaves the map when its last thread exits. The runtime's own setup
 *   (mount, pivot_root, sethostname, keyctl, seccomp, ...) runs before, so it is never in the
 *   map: the comm tests run per rename, not per syscall. This counts exactly what the
 *   previous program counted with a comm test on every call (same syscalls, totals and
 *   capability checks, both attached to the same containers). The gate is
 *   keyed by the tgid (`pid`, one cheap helper): reading the mount namespace on every call takes
 *   three kernel reads and cost ~95 ns per call here (kernel.bpf_stats_enabled), the pid lookup
 *   ~50 ns. These hooks fire per exec, fork and exit, not per syscall.
 * - The namespace key is the mount namespace's 64-bit id (`ns.ns_id`, Linux 6.18+), which is
 *   never reused. The inode number is reused as soon as a namespace is freed: on a busy machine
 *   another container got our container's inode within one recording. Kernels without `ns_id`
 *   get the inode (see NAMESPACE_KEYS) and userspace flags such reuse. It is read once, at the
 *   handover, and inherited, so a workload process that unshares its mount namespace stays counted.
 * - Counts are keyed aggregations, which bpftrace 0.17 keeps in a per-CPU hash (checked with
 *   bpftool): no shared counter between CPUs. 0.17 cannot index a per-CPU array by a key: only a
 *   key-less count is an array; `@n[0] = count()`, a constant key, is a per-CPU hash too.
 * - Compat tasks: x86_64 sets TS_COMPAT (0x2) in thread_info.status for int 0x80 / 32-bit
 *   processes; args->id is then the i386 number. x32 numbers carry the 0x40000000 bit in id.
 * - Seccomp runs before raw_syscalls:sys_enter, so calls the filter in force blocks are never
 *   entered; sys_exit still fires for them with the filter's errno. A failing exit of a syscall
 *   that was never entered is therefore a blocked attempt (userspace: fail − enter).
 * - Compile time (the attach latency): task_rename reads its namespace fields before any test,
 *   and tests the comms' first 8 bytes as integers, masked after the name (the bytes after a
 *   comm's NUL are stale), rather than with strncmp/==: bpftrace 0.17 spends ~0.1 s of CPU more
 *   per string compare and per kernel read behind a condition. The program compiled in 1.0 s of
 *   CPU before, 0.72 s after; the reads cost one exec nothing measurable.
 * - Cost: attaching any sys_enter/sys_exit tracepoint puts every task's syscalls on the kernel's
 *   slow path, and a bpftrace `tracepoint:` probe fills a perf buffer per event before its
 *   program runs; both are paid by every process on the host, whatever the program does (bench
 *   record-ebpf: the floors and the no-op raw tracepoints). `sys_exit` stays: it is the only
 *   source of the per-call errors (generate's libc-fallback rule and the capability inference
 *   read them) and of the blocked attempts. fentry on the syscall dispatcher would avoid the
 *   tracepoints, but this kernel refuses fentry/fexit programs (BPF_PROG_LOAD: EPERM, no
 *   verifier log; bpftool: "program_type tracing is NOT available") and bpftrace 0.17 reports
 *   kfunc as unavailable; raw and BTF tracepoints load, but bpftrace 0.17 cannot attach them.
 * - cap_capable also fires for checks made with borrowed credentials (overlayfs copy-up checks
 *   the mounter's, i.e. dockerd's, full set); only checks against the task's own credentials
 *   (cred == real_cred) are the workload's.
 */
import { InternalError } from '../../errors.js';

/** Printed by BEGIN; bpftrace 0.17 writes it out only once every probe is attached (session.ts). */
export const EBPF_READY_MARKER = 'SECCOMPOSE_EBPF_READY';

/** How the program keys a mount namespace: its unique id where the kernel has one, else its inode. */
export type NamespaceKey = 'id' | 'inode';

export const MNT_NS = 'curtask->nsproxy->mnt_ns';
const NAMESPACE_KEYS: Record<NamespaceKey, string> = { id: `${MNT_NS}->ns.ns_id`, inode: `${MNT_NS}->ns.inum` };

/**
 * Whether `head`, the first 8 bytes of a comm read as a little-endian integer, starts with
 * `prefix`; the bytes after a comm's NUL are stale, so the rest is masked off.
 */
function startsWith(head: string, prefix: string): string {
  const bytes = Buffer.from(prefix, 'latin1');
  if (bytes.length > 8) throw new InternalError(`comm prefix longer than 8 bytes: ${prefix}`);
  const value = bytes.reduceRight((n, b) => (n << 8n) | BigInt(b), 0n);
  const mask = (1n << BigInt(8 * bytes.length)) - 1n;
  return `(${head} & 0x${mask.toString(16)}) == 0x${value.toString(16)}`;
}

/** Whether a comm's first 8 bytes are a runtime's: runc's init stages (`runc:[`), crun (`crun` and its NUL). */
export function runtimeHead(head: string): string {
  return `(${startsWith(head, 'runc:[')} || ${startsWith(head, 'crun\0')})`;
}
/** clone() flag of a new thread: threads share their process's entry in `@rec`. */
export const CLONE_THREAD = '0x10000';

/**
 * What an attach to running containers adds (attach-program.ts): statements run in BEGIN before
 * the ready marker (the seeds), probes appended to the program, statements run in END.
 */
export interface ProgramExtension {
  begin: string;
  probes: string;
  end: string;
}

/** The program text passed to `bpftrace -e` (x86_64 only: TS_COMPAT is an x86 flag). */
export function ebpfProgram(key: NamespaceKey, extension?: ProgramExtension): string {
  const ns = NAMESPACE_KEYS[key];
  return `
BEGIN { ${extension?.begin ?? ''}printf("${EBPF_READY_MARKER}\\n"); }

tracepoint:task:task_rename
{
  $ns = ${ns};
  $inum = ${MNT_NS}->ns.inum;
  $host = curtask->nsproxy->uts_ns->name.nodename;
  $old = *(uint64 *)args->oldcomm;
  $new = *(uint64 *)args->newcomm;
  if ((uint64)args->pid == tid && ${runtimeHead('$old')} && !${runtimeHead('$new')}) {
    @rec[pid] = $ns;
    @handover[$ns, $inum, pid, $host] = count();
  }
}

tracepoint:task:task_newtask
/!(args->clone_flags & ${CLONE_THREAD})/
{
  $ns = @rec[pid];
  if ($ns) { @rec[(uint64)args->pid] = $ns; }
}

tracepoint:sched:sched_process_exit
/args->group_dead/
{
  if (@rec[pid]) { delete(@rec[pid]); }
}

tracepoint:raw_syscalls:sys_enter
{
  $ns = @rec[pid];
  if ($ns) { @enter[$ns, curtask->thread_info.status & 2, args->id] = count(); }
}

tracepoint:raw_syscalls:sys_exit
/args->ret < 0/
{
  $ns = @rec[pid];
  if ($ns) { @fail[$ns, curtask->thread_info.status & 2, args->id] = count(); }
}

tracepoint:capability:cap_capable
{
  $ns = @rec[pid];
  if ($ns && (uint64)args->cred == (uint64)curtask->real_cred) { @cap[$ns, args->cap, args->ret == 0] = count(); }
}

${extension?.probes ?? ''}
END { clear(@rec); ${extension?.end ?? ''}}
`;
}

/** Environment for bpftrace: room for every namespace's keys (the default is 4096 per map). */
export const EBPF_ENV = { BPFTRACE_MAP_KEYS_MAX: '65536' } as const;

/** `bpftrace` arguments: JSON output, warn on helper errors (a full map), the program. */
export function ebpfArgs(key: NamespaceKey, extension?: ProgramExtension): string[] {
  return ['-k', '-f', 'json', '-e', ebpfProgram(key, extension)];
}

/** The tracepoints the program needs, with the fields it reads; probe() checks them with `bpftrace -lv`. */
export const EBPF_TRACEPOINTS: Readonly<Record<string, readonly string[]>> = {
  'tracepoint:task:task_rename': ['pid', 'oldcomm', 'newcomm'],
  'tracepoint:task:task_newtask': ['pid', 'clone_flags'],
  'tracepoint:sched:sched_process_exit': ['group_dead'],
  'tracepoint:raw_syscalls:sys_enter': ['id'],
  'tracepoint:raw_syscalls:sys_exit': ['id', 'ret'],
  'tracepoint:capability:cap_capable': ['cred', 'cap', 'ret'],
};
