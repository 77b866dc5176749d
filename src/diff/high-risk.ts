/**
 * Syscalls whose availability inside a container widens the kernel attack surface or breaks
 * isolation, each with why (sources: Docker's seccomp documentation "Significant syscalls blocked
 * by the default profile", man pages, and the CVEs their interfaces are known for).
 */
const ENTRIES: ReadonlyArray<readonly [string, string]> = [
  ['_sysctl', 'Obsolete binary sysctl interface that writes kernel parameters; long removed, only a source of bugs.'],
  ['acct', "Switches process accounting on or off for the whole host and writes to a file of the caller's choosing."],
  ['add_key', 'The kernel keyring is not namespaced: keys are shared with the host and other containers.'],
  ['adjtimex', 'Can change the host clock frequency and offset (time is not namespaced).'],
  ['bpf', 'Loads eBPF programs into the kernel: a large verifier attack surface and a way to read kernel memory.'],
  ['chroot', 'Changing the root directory helps escape attempts when combined with open directory descriptors.'],
  ['clock_adjtime', 'Can adjust the host system clock, which is shared by every container.'],
  ['clock_settime', 'Sets the host system clock, which is shared by every container.'],
  ['clock_settime64', 'Sets the host system clock (32-bit time64 variant), shared by every container.'],
  ['create_module', 'Obsolete kernel-module loader entry point.'],
  ['delete_module', 'Unloads kernel modules from the host kernel.'],
  ['fanotify_init', 'Whole-filesystem event monitoring that can observe and block file access across mounts.'],
  ['finit_module', 'Loads a kernel module from a file descriptor: arbitrary code in the host kernel.'],
  ['fsconfig', 'Configures a filesystem context of the new mount API: reaches filesystem parsers in the kernel.'],
  ['fsmount', 'New mount API: creates mounts, the same power as mount(2).'],
  ['fsopen', 'New mount API: opens a filesystem context, the first step of mounting any filesystem.'],
  ['fspick', 'New mount API: reconfigures an existing superblock.'],
  ['init_module', 'Loads a kernel module image: arbitrary code in the host kernel.'],
  ['io_uring_enter', 'Submits io_uring work that bypasses per-syscall seccomp checks and has a long CVE history.'],
  ['io_uring_register', 'Registers io_uring resources; io_uring has been a frequent source of kernel exploits.'],
  ['io_uring_setup', 'Creates an io_uring, whose operations bypass per-syscall seccomp filtering; many kernel CVEs.'],
  ['ioperm', 'Grants direct access to hardware I/O ports.'],
  ['iopl', 'Raises the I/O privilege level: direct access to all hardware I/O ports.'],
  ['kcmp', 'Compares kernel objects of other processes, leaking kernel pointer ordering (KASLR information).'],
  ['kexec_file_load', 'Loads a new kernel to boot into, replacing the host kernel.'],
  ['kexec_load', 'Loads a new kernel to boot into, replacing the host kernel.'],
  ['keyctl', 'Manipulates the kernel keyring, which is not namespaced and has had privilege-escalation bugs.'],
  ['lookup_dcookie', 'Kernel profiling interface that reveals host file paths.'],
  ['mount', 'Mounting filesystems can expose host data and reaches filesystem parsers in the kernel.'],
  ['mount_setattr', 'Changes mount properties such as read-only or idmapping of existing mounts.'],
  ['move_mount', 'New mount API: attaches or moves mounts in the mount tree.'],
  ['name_to_handle_at', 'Produces file handles that open_by_handle_at can use to reach files outside the container.'],
  ['nfsservctl', 'Obsolete in-kernel NFS server control.'],
  ['open_by_handle_at', 'Opens files by handle, bypassing path checks: the "shocker" container breakout.'],
  ['open_tree', 'New mount API: clones mount trees, which can expose host mounts.'],
  ['perf_event_open', "Performance events can leak kernel and other processes' information; a frequent CVE source."],
  ['personality', 'Changes execution domain flags such as disabling ASLR (ADDR_NO_RANDOMIZE) or READ_IMPLIES_EXEC.'],
  ['pidfd_getfd', 'Steals file descriptors from another process.'],
  ['pivot_root', 'Changes the root mount; in a container it is a step towards escaping its filesystem view.'],
  ['process_madvise', "Gives memory-management advice for another process's memory."],
  ['process_vm_readv', "Reads another process's memory directly, bypassing ptrace checks on old kernels."],
  ['process_vm_writev', "Writes another process's memory directly, bypassing ptrace checks on old kernels."],
  ['ptrace', 'Inspects and controls other processes; before Linux 4.8 it could bypass seccomp entirely.'],
  ['query_module', 'Obsolete kernel-module query interface.'],
  ['quotactl', 'Controls disk quotas of host filesystems.'],
  ['quotactl_fd', 'Controls disk quotas of host filesystems through a file descriptor.'],
  ['reboot', 'Reboots the host or loads a kexec kernel (not namespaced for most operations).'],
  ['request_key', 'Asks the kernel keyring (not namespaced) for keys, possibly running a host upcall program.'],
  ['setns', "Joins other namespaces, such as the host's through a leaked file descriptor."],
  ['settimeofday', 'Sets the host system clock, which is shared by every container.'],
  ['stime', 'Sets the host system clock (legacy 32-bit call).'],
  ['swapoff', 'Disables swap devices of the host.'],
  ['swapon', 'Enables swap on a file or device of the host.'],
  ['syslog', 'Reads or clears the kernel log, which leaks kernel addresses and host activity.'],
  ['umount', 'Unmounts filesystems (legacy call), which can uncover what a mount was hiding.'],
  ['umount2', 'Unmounts filesystems, which can uncover what a mount was hiding.'],
  ['unshare', 'Creates new namespaces (notably user namespaces) that expose far more kernel attack surface.'],
  ['uselib', 'Obsolete shared-library loader with a history of vulnerabilities.'],
  ['userfaultfd', 'Lets user space stall kernel page faults, a standard primitive for winning kernel races.'],
  ['vhangup', 'Hangs up the controlling terminal of other processes.'],
];

/** High-risk syscall name → one sentence on why allowing it is risky. */
export const HIGH_RISK_SYSCALLS: ReadonlyMap<string, string> = new Map(ENTRIES);

/** Whether `name` is a high-risk syscall. */
export function isHighRisk(name: string): boolean {
  return HIGH_RISK_SYSCALLS.has(name);
}
