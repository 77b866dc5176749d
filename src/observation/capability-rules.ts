/**
 * The documented capability inference table (README "Capability inference"). Each rule names
 * the syscalls that need a capability to succeed. `possible` rules are undecidable from syscall
 * names and recorded argument values alone (whose file, which xattr, which uid): they are
 * reported, never added to cap_add — the replay (`seccompose verify`) is the ground truth.
 */
export interface SyscallCapabilityRule {
  capability: string;
  syscalls: readonly string[];
  /** Why the capability is involved, printed as evidence. */
  why: string;
  certainty: 'required' | 'possible';
}

export const SYSCALL_CAPABILITY_RULES: readonly SyscallCapabilityRule[] = [
  {
    capability: 'CAP_CHOWN',
    syscalls: ['chown', 'chown32', 'fchown', 'fchown32', 'fchownat', 'lchown', 'lchown32'],
    why: 'changes file ownership',
    certainty: 'required',
  },
  {
    capability: 'CAP_SETUID',
    syscalls: ['setuid', 'setuid32', 'setreuid', 'setreuid32', 'setresuid', 'setresuid32', 'setfsuid', 'setfsuid32'],
    why: 'switches user id',
    certainty: 'required',
  },
  {
    capability: 'CAP_SETGID',
    syscalls: [
      'setgid',
      'setgid32',
      'setregid',
      'setregid32',
      'setresgid',
      'setresgid32',
      'setfsgid',
      'setfsgid32',
      'setgroups',
      'setgroups32',
    ],
    why: 'switches group ids',
    certainty: 'required',
  },
  { capability: 'CAP_MKNOD', syscalls: ['mknod', 'mknodat'], why: 'creates device nodes', certainty: 'required' },
  { capability: 'CAP_SYS_CHROOT', syscalls: ['chroot'], why: 'changes the root directory', certainty: 'required' },
  {
    capability: 'CAP_SYS_ADMIN',
    syscalls: [
      'mount',
      'umount',
      'umount2',
      'pivot_root',
      'sethostname',
      'setdomainname',
      'fsopen',
      'fsmount',
      'move_mount',
      'open_tree',
    ],
    why: 'mounts or renames the host',
    certainty: 'required',
  },
  {
    capability: 'CAP_SYS_TIME',
    syscalls: ['settimeofday', 'clock_settime', 'clock_settime64', 'stime'],
    why: 'sets the clock',
    certainty: 'required',
  },
  {
    capability: 'CAP_SYS_MODULE',
    syscalls: ['init_module', 'finit_module', 'delete_module'],
    why: 'loads kernel modules',
    certainty: 'required',
  },
  {
    capability: 'CAP_SYS_BOOT',
    syscalls: ['reboot', 'kexec_load', 'kexec_file_load'],
    why: 'reboots',
    certainty: 'required',
  },
  { capability: 'CAP_SYS_PACCT', syscalls: ['acct'], why: 'switches process accounting', certainty: 'required' },
  { capability: 'CAP_SYS_RAWIO', syscalls: ['iopl', 'ioperm'], why: 'accesses I/O ports', certainty: 'required' },
  { capability: 'CAP_SYS_TTY_CONFIG', syscalls: ['vhangup'], why: 'hangs up the terminal', certainty: 'required' },
  {
    capability: 'CAP_FOWNER',
    syscalls: ['chmod', 'fchmod', 'fchmodat', 'fchmodat2', 'utimensat', 'utimes', 'futimesat'],
    why: 'needed only for files owned by another uid, which syscall names do not show',
    certainty: 'possible',
  },
  {
    capability: 'CAP_KILL',
    syscalls: ['kill', 'tkill', 'tgkill', 'rt_sigqueueinfo', 'rt_tgsigqueueinfo', 'pidfd_send_signal'],
    why: "needed only to signal another uid's processes, which syscall names do not show",
    certainty: 'possible',
  },
  {
    capability: 'CAP_SETPCAP',
    syscalls: ['capset'],
    why: 'needed only to raise inheritable capabilities beyond the bounding set; dropping needs none',
    certainty: 'possible',
  },
  {
    capability: 'CAP_SETFCAP',
    syscalls: ['setxattr', 'lsetxattr', 'fsetxattr', 'setxattrat'],
    why: 'needed only for the security.capability xattr, whose name is not recorded',
    certainty: 'possible',
  },
];

/** Socket and prctl constants the argument rules test (linux/socket.h, linux/netlink.h, linux/prctl.h). */
export const AF_INET = 2;
export const AF_INET6 = 10;
export const AF_NETLINK = 16;
export const AF_PACKET = 17;
export const SOCK_RAW = 3;
export const SOCK_TYPE_MASK = 0xf;
export const NETLINK_AUDIT = 9;
export const PR_CAPBSET_DROP = 24;
