/**
 * The bpftrace program of the ebpf backend: static text, nothing from the user is ever
 * interpolated into it. It counts in kernel maps, keyed by the mount namespace, for every
 * process on the machine; userspace keeps only the recorded container's namespace.
 *
 * Maps (printed by bpftrace at exit, `-f json`):
 * - `@enter[ns, compat, id]`  syscalls entered (`compat` is 2 for a 32-bit x86 task, else 0)
 * - `@fail[ns, compat, id]`   syscalls that returned a negative errno
 * - `@cap[ns, cap, granted]`  capability checks made with the task's own credentials
 * - `@handover[ns, inode, pid, hostname]` execs by the container runtime (the entrypoint's
 *   exec): how userspace finds the container's `ns` from its init pid
 *
 * Why these choices (all measured on Linux 6.18, bpftrace 0.17, Docker 20.10, runc 1.1, crun):
 * - The namespace key is the mount namespace's 64-bit id (`ns.ns_id`, Linux 6.18+), which is
 *   never reused. The inode number is reused as soon as a namespace is freed: on a busy machine
 *   another container got our container's inode within one recording. Kernels without `ns_id`
 *   get the inode (see NAMESPACE_KEYS) and userspace flags such reuse.
 * - The runtime's setup is cut by comm. runc does its whole setup (mount, pivot_root,
 *   sethostname, keyctl, seccomp, ...) as `runc:[1:CHILD]` / `runc:[2:INIT]`, crun as `crun`;
 *   the entrypoint's exec replaces the comm. Counting only tasks whose comm is not a runtime's
 *   gave exactly the same counts as a per-task flag set at sched_process_exec after a
 *   `runc:[2:INIT]` exec and inherited at fork, and it is stateless (no per-task map, no fork
 *   probe). A workload that names itself `crun` or `runc:[...` would be left out.
 * - Compat tasks: x86_64 sets TS_COMPAT (0x2) in thread_info.status for int 0x80 / 32-bit
 *   processes; args->id is then the i386 number. x32 numbers carry the 0x40000000 bit in id.
 * - Seccomp runs before raw_syscalls:sys_enter, so calls the filter in force blocks are never
 *   entered; sys_exit still fires for them with the filter's errno. A failing exit of a syscall
 *   that was never entered is therefore a blocked attempt (userspace: fail − enter).
 * - cap_capable also fires for checks made with borrowed credentials (overlayfs copy-up checks
 *   the mounter's, i.e. dockerd's, full set); only checks against the task's own credentials
 *   (cred == real_cred) are the workload's.
 */
export const EBPF_READY_MARKER = 'SECCOMPOSE_EBPF_READY';

/** How the program keys a mount namespace: its unique id where the kernel has one, else its inode. */
export type NamespaceKey = 'id' | 'inode';

const MNT_NS = 'curtask->nsproxy->mnt_ns';
const NAMESPACE_KEYS: Record<NamespaceKey, string> = { id: `${MNT_NS}->ns.ns_id`, inode: `${MNT_NS}->ns.inum` };

/** The runtime comm test, shared by the probes (runc's init stages and crun). */
const RUNTIME_COMM = '(strncmp(comm, "runc:[", 6) == 0 || comm == "crun")';

/** The program text passed to `bpftrace -e` (x86_64 only: TS_COMPAT is an x86 flag). */
export function ebpfProgram(key: NamespaceKey): string {
  const ns = NAMESPACE_KEYS[key];
  return `
BEGIN { printf("${EBPF_READY_MARKER}\\n"); }

tracepoint:raw_syscalls:sys_enter
{
  if ${RUNTIME_COMM} {
    if (args->id == 59 || args->id == 322) {
      @handover[${ns}, ${MNT_NS}->ns.inum, pid, curtask->nsproxy->uts_ns->name.nodename] = count();
    }
  } else {
    @enter[${ns}, curtask->thread_info.status & 2, args->id] = count();
  }
}

tracepoint:raw_syscalls:sys_exit
/args->ret < 0 && !${RUNTIME_COMM}/
{
  @fail[${ns}, curtask->thread_info.status & 2, args->id] = count();
}

tracepoint:capability:cap_capable
/(uint64)args->cred == (uint64)curtask->real_cred && !${RUNTIME_COMM}/
{
  @cap[${ns}, args->cap, args->ret == 0] = count();
}
`;
}

/** Environment for bpftrace: room for every namespace's keys (the default is 4096 per map). */
export const EBPF_ENV = { BPFTRACE_MAP_KEYS_MAX: '65536' } as const;

/** `bpftrace` arguments: JSON output, warn on helper errors (a full map), the program. */
export function ebpfArgs(key: NamespaceKey): string[] {
  return ['-k', '-f', 'json', '-e', ebpfProgram(key)];
}

/** The tracepoints the program needs; probe() lists them with `bpftrace -l`. */
export const EBPF_TRACEPOINTS: readonly string[] = [
  'tracepoint:raw_syscalls:sys_enter',
  'tracepoint:raw_syscalls:sys_exit',
  'tracepoint:capability:cap_capable',
];
