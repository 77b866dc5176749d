/**
 * The bpftrace program of the ebpf backend: static text, nothing from the user is ever
 * interpolated into it. It counts in kernel maps, keyed by mount-namespace inode, for every
 * process on the machine; userspace keeps only the recorded container's namespace.
 *
 * Maps (printed by bpftrace at exit, `-f json`):
 * - `@enter[mntns, compat, id]`  syscalls entered (`compat` is 2 for a 32-bit x86 task, else 0)
 * - `@fail[mntns, compat, id]`   syscalls that returned a negative errno
 * - `@cap[mntns, cap, granted]`  capability checks made with the task's own credentials
 * - `@handover[mntns, hostname]` execs by the container runtime (the entrypoint's exec)
 * - `@live[mntns]`               namespaces with a handover (cleared at exit, never printed)
 *
 * Why these choices (all measured on Linux 6.x, bpftrace 0.17, Docker 20.10, runc 1.1, crun):
 * - The runtime's setup is cut by comm. runc does its whole setup (mount, pivot_root,
 *   sethostname, keyctl, seccomp, ...) as `runc:[1:CHILD]` / `runc:[2:INIT]`, crun as `crun`;
 *   the entrypoint's exec replaces the comm. Counting only tasks whose comm is not a runtime's
 *   gave exactly the same counts as a per-task flag set at sched_process_exec after a
 *   `runc:[2:INIT]` exec and inherited at fork, and it is stateless (no per-task map, no fork
 *   probe). A workload that names itself `crun` or `runc:[...` would be left out.
 * - Counting starts at a namespace's handover. Inode numbers are reused (lowest free first): a
 *   container that started before bpftrace attached and exited inside the window left its counts
 *   under the inode the recorded container then got (measured: a concurrent dd container's
 *   259,000 reads merged into a 176-call workload). Its handover came before attaching, so its
 *   calls are not counted; a reuse by one with a handover in the window is told by its hostname.
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

/** The runtime comm test, shared by the probes (runc's init stages and crun). */
const RUNTIME_COMM = '(strncmp(comm, "runc:[", 6) == 0 || comm == "crun")';

/** The program text passed to `bpftrace -e` (x86_64 only: TS_COMPAT is an x86 flag). */
export const EBPF_PROGRAM = `
BEGIN { printf("${EBPF_READY_MARKER}\\n"); }

tracepoint:raw_syscalls:sys_enter
{
  $ns = curtask->nsproxy->mnt_ns->ns.inum;
  if ${RUNTIME_COMM} {
    if (args->id == 59 || args->id == 322) {
      @handover[$ns, curtask->nsproxy->uts_ns->name.nodename] = count();
      @live[$ns] = 1;
    }
  } else if (@live[$ns]) {
    @enter[$ns, curtask->thread_info.status & 2, args->id] = count();
  }
}

tracepoint:raw_syscalls:sys_exit
/args->ret < 0 && !${RUNTIME_COMM} && @live[curtask->nsproxy->mnt_ns->ns.inum]/
{
  @fail[curtask->nsproxy->mnt_ns->ns.inum, curtask->thread_info.status & 2, args->id] = count();
}

tracepoint:capability:cap_capable
/(uint64)args->cred == (uint64)curtask->real_cred && !${RUNTIME_COMM} && @live[curtask->nsproxy->mnt_ns->ns.inum]/
{
  @cap[curtask->nsproxy->mnt_ns->ns.inum, args->cap, args->ret == 0] = count();
}

END { clear(@live); }
`;

/** Environment for bpftrace: room for every namespace's keys (the default is 4096 per map). */
export const EBPF_ENV = { BPFTRACE_MAP_KEYS_MAX: '65536' } as const;

/** `bpftrace` arguments: JSON output, warn on helper errors (a full map), the program. */
export const EBPF_ARGS: readonly string[] = ['-k', '-f', 'json', '-e', EBPF_PROGRAM];

/** The tracepoints the program needs; probe() lists them with `bpftrace -l`. */
export const EBPF_TRACEPOINTS: readonly string[] = [
  'tracepoint:raw_syscalls:sys_enter',
  'tracepoint:raw_syscalls:sys_exit',
  'tracepoint:capability:cap_capable',
];
