import { toUint64Value, type Uint64 } from '../../model/exact-json.js';

const U64_MAX = (1n << 64n) - 1n;

/**
 * The symbolic constants strace prints in the arguments seccompose decodes (clone flags, socket
 * domain/type/protocol, prctl options, personality values), with their numeric values from the
 * Linux UAPI headers (x86 values; the same on every architecture seccompose records here).
 */
export type SymbolTable = ReadonlyMap<string, number>;

const table = (entries: Record<string, number>): SymbolTable => new Map(Object.entries(entries));

/** Signal numbers (x86/generic): the exit signal in clone's low byte. */
export const SIGNALS = table({
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGSTKFLT: 16,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPWR: 30,
  SIGSYS: 31,
});

/** clone/clone3/unshare flags, plus the exit signals clone() carries in its low byte. */
export const CLONE_FLAGS = new Map<string, number>([
  ...Object.entries({
    CLONE_NEWTIME: 0x80,
    CLONE_VM: 0x100,
    CLONE_FS: 0x200,
    CLONE_FILES: 0x400,
    CLONE_SIGHAND: 0x800,
    CLONE_PIDFD: 0x1000,
    CLONE_PTRACE: 0x2000,
    CLONE_VFORK: 0x4000,
    CLONE_PARENT: 0x8000,
    CLONE_THREAD: 0x10000,
    CLONE_NEWNS: 0x20000,
    CLONE_SYSVSEM: 0x40000,
    CLONE_SETTLS: 0x80000,
    CLONE_PARENT_SETTID: 0x100000,
    CLONE_CHILD_CLEARTID: 0x200000,
    CLONE_DETACHED: 0x400000,
    CLONE_UNTRACED: 0x800000,
    CLONE_CHILD_SETTID: 0x1000000,
    CLONE_NEWCGROUP: 0x2000000,
    CLONE_NEWUTS: 0x4000000,
    CLONE_NEWIPC: 0x8000000,
    CLONE_NEWUSER: 0x10000000,
    CLONE_NEWPID: 0x20000000,
    CLONE_NEWNET: 0x40000000,
    CLONE_IO: 0x80000000,
    CLONE_CLEAR_SIGHAND: 0x100000000,
    CLONE_INTO_CGROUP: 0x200000000,
  }),
  ...SIGNALS,
]);

/** Address families (socket domain). */
export const ADDRESS_FAMILIES = table({
  AF_UNSPEC: 0,
  AF_UNIX: 1,
  AF_LOCAL: 1,
  AF_INET: 2,
  AF_AX25: 3,
  AF_IPX: 4,
  AF_APPLETALK: 5,
  AF_NETROM: 6,
  AF_BRIDGE: 7,
  AF_ATMPVC: 8,
  AF_X25: 9,
  AF_INET6: 10,
  AF_ROSE: 11,
  AF_DECnet: 12,
  AF_NETBEUI: 13,
  AF_SECURITY: 14,
  AF_KEY: 15,
  AF_NETLINK: 16,
  AF_PACKET: 17,
  AF_ASH: 18,
  AF_ECONET: 19,
  AF_ATMSVC: 20,
  AF_RDS: 21,
  AF_SNA: 22,
  AF_IRDA: 23,
  AF_PPPOX: 24,
  AF_WANPIPE: 25,
  AF_LLC: 26,
  AF_IB: 27,
  AF_MPLS: 28,
  AF_CAN: 29,
  AF_TIPC: 30,
  AF_BLUETOOTH: 31,
  AF_IUCV: 32,
  AF_RXRPC: 33,
  AF_ISDN: 34,
  AF_PHONET: 35,
  AF_IEEE802154: 36,
  AF_CAIF: 37,
  AF_ALG: 38,
  AF_NFC: 39,
  AF_VSOCK: 40,
  AF_KCM: 41,
  AF_QIPCRTR: 42,
  AF_SMC: 43,
  AF_XDP: 44,
  AF_MCTP: 45,
});

/** Socket types and the flags or-ed into them. */
export const SOCKET_TYPES = table({
  SOCK_STREAM: 1,
  SOCK_DGRAM: 2,
  SOCK_RAW: 3,
  SOCK_RDM: 4,
  SOCK_SEQPACKET: 5,
  SOCK_DCCP: 6,
  SOCK_PACKET: 10,
  SOCK_NONBLOCK: 0x800,
  SOCK_CLOEXEC: 0x80000,
});

/** Socket protocols: IP protocols, netlink families and the common packet-socket ethertypes. */
export const SOCKET_PROTOCOLS = table({
  IPPROTO_IP: 0,
  IPPROTO_ICMP: 1,
  IPPROTO_IGMP: 2,
  IPPROTO_IPIP: 4,
  IPPROTO_TCP: 6,
  IPPROTO_EGP: 8,
  IPPROTO_PUP: 12,
  IPPROTO_UDP: 17,
  IPPROTO_IDP: 22,
  IPPROTO_TP: 29,
  IPPROTO_DCCP: 33,
  IPPROTO_IPV6: 41,
  IPPROTO_RSVP: 46,
  IPPROTO_GRE: 47,
  IPPROTO_ESP: 50,
  IPPROTO_AH: 51,
  IPPROTO_ICMPV6: 58,
  IPPROTO_MTP: 92,
  IPPROTO_BEETPH: 94,
  IPPROTO_ENCAP: 98,
  IPPROTO_PIM: 103,
  IPPROTO_COMP: 108,
  IPPROTO_L2TP: 115,
  IPPROTO_SCTP: 132,
  IPPROTO_UDPLITE: 136,
  IPPROTO_MPLS: 137,
  IPPROTO_ETHERNET: 143,
  IPPROTO_RAW: 255,
  IPPROTO_MPTCP: 262,
  NETLINK_ROUTE: 0,
  NETLINK_UNUSED: 1,
  NETLINK_USERSOCK: 2,
  NETLINK_FIREWALL: 3,
  NETLINK_SOCK_DIAG: 4,
  NETLINK_NFLOG: 5,
  NETLINK_XFRM: 6,
  NETLINK_SELINUX: 7,
  NETLINK_ISCSI: 8,
  NETLINK_AUDIT: 9,
  NETLINK_FIB_LOOKUP: 10,
  NETLINK_CONNECTOR: 11,
  NETLINK_NETFILTER: 12,
  NETLINK_IP6_FW: 13,
  NETLINK_DNRTMSG: 14,
  NETLINK_KOBJECT_UEVENT: 15,
  NETLINK_GENERIC: 16,
  NETLINK_SCSITRANSPORT: 18,
  NETLINK_ECRYPTFS: 19,
  NETLINK_RDMA: 20,
  NETLINK_CRYPTO: 21,
  NETLINK_SMC: 22,
  ETH_P_ALL: 0x0003,
  ETH_P_IP: 0x0800,
  ETH_P_ARP: 0x0806,
  ETH_P_IPV6: 0x86dd,
});

/** prctl(2) options. */
export const PRCTL_OPTIONS = table({
  PR_SET_PDEATHSIG: 1,
  PR_GET_PDEATHSIG: 2,
  PR_GET_DUMPABLE: 3,
  PR_SET_DUMPABLE: 4,
  PR_GET_UNALIGN: 5,
  PR_SET_UNALIGN: 6,
  PR_GET_KEEPCAPS: 7,
  PR_SET_KEEPCAPS: 8,
  PR_GET_FPEMU: 9,
  PR_SET_FPEMU: 10,
  PR_GET_FPEXC: 11,
  PR_SET_FPEXC: 12,
  PR_GET_TIMING: 13,
  PR_SET_TIMING: 14,
  PR_SET_NAME: 15,
  PR_GET_NAME: 16,
  PR_GET_ENDIAN: 19,
  PR_SET_ENDIAN: 20,
  PR_GET_SECCOMP: 21,
  PR_SET_SECCOMP: 22,
  PR_CAPBSET_READ: 23,
  PR_CAPBSET_DROP: 24,
  PR_GET_TSC: 25,
  PR_SET_TSC: 26,
  PR_GET_SECUREBITS: 27,
  PR_SET_SECUREBITS: 28,
  PR_SET_TIMERSLACK: 29,
  PR_GET_TIMERSLACK: 30,
  PR_TASK_PERF_EVENTS_DISABLE: 31,
  PR_TASK_PERF_EVENTS_ENABLE: 32,
  PR_MCE_KILL: 33,
  PR_MCE_KILL_GET: 34,
  PR_SET_MM: 35,
  PR_SET_CHILD_SUBREAPER: 36,
  PR_GET_CHILD_SUBREAPER: 37,
  PR_SET_NO_NEW_PRIVS: 38,
  PR_GET_NO_NEW_PRIVS: 39,
  PR_GET_TID_ADDRESS: 40,
  PR_SET_THP_DISABLE: 41,
  PR_GET_THP_DISABLE: 42,
  PR_MPX_ENABLE_MANAGEMENT: 43,
  PR_MPX_DISABLE_MANAGEMENT: 44,
  PR_SET_FP_MODE: 45,
  PR_GET_FP_MODE: 46,
  PR_CAP_AMBIENT: 47,
  PR_SVE_SET_VL: 50,
  PR_SVE_GET_VL: 51,
  PR_GET_SPECULATION_CTRL: 52,
  PR_SET_SPECULATION_CTRL: 53,
  PR_PAC_RESET_KEYS: 54,
  PR_SET_TAGGED_ADDR_CTRL: 55,
  PR_GET_TAGGED_ADDR_CTRL: 56,
  PR_SET_IO_FLUSHER: 57,
  PR_GET_IO_FLUSHER: 58,
  PR_SET_SYSCALL_USER_DISPATCH: 59,
  PR_PAC_SET_ENABLED_KEYS: 60,
  PR_PAC_GET_ENABLED_KEYS: 61,
  PR_SCHED_CORE: 62,
  PR_SME_SET_VL: 63,
  PR_SME_GET_VL: 64,
  PR_SET_MDWE: 65,
  PR_GET_MDWE: 66,
  PR_SET_VMA: 0x53564d41,
  PR_GET_AUXV: 0x41555856,
});

/** personality(2) execution domains and flags. */
export const PERSONALITIES = table({
  PER_LINUX: 0,
  PER_LINUX32: 0x8,
  PER_LINUX_32BIT: 0x800000,
  PER_LINUX_FDPIC: 0x80000,
  UNAME26: 0x20000,
  ADDR_NO_RANDOMIZE: 0x40000,
  FDPIC_FUNCPTRS: 0x80000,
  MMAP_PAGE_ZERO: 0x100000,
  ADDR_COMPAT_LAYOUT: 0x200000,
  READ_IMPLIES_EXEC: 0x400000,
  ADDR_LIMIT_32BIT: 0x800000,
  SHORT_INODE: 0x1000000,
  WHOLE_SECONDS: 0x2000000,
  STICKY_TIMEOUTS: 0x4000000,
  ADDR_LIMIT_3GB: 0x8000000,
});

const COMMENT = /\s*\/\*.*?\*\//g;

/**
 * `CLONE_VM|CLONE_FS|SIGCHLD`, `0x1200000|17`, `0x2 /* AF_INET *\/`, `htons(ETH_P_ALL)` → a value;
 * undefined when any part is not a number or a known symbol, or the value exceeds 64 bits. Or-ed
 * as bigints, so that values above 2^31 (CLONE_IO, CLONE_INTO_CGROUP) stay positive and values
 * above 2^53 stay exact (a bigint then, see Uint64).
 */
export function decodeSymbolic(text: string, symbols: SymbolTable): Uint64 | undefined {
  const clean = text.includes('/*') ? text.replace(COMMENT, '') : text;
  let total = 0n;
  for (const raw of clean.split('|')) {
    const value = decodePart(raw.trim(), symbols);
    if (value === undefined) return undefined;
    total |= value;
  }
  return total > U64_MAX ? undefined : toUint64Value(total);
}

/** One `|`-separated part, exactly (a raw `0xffffffffffffffff` is 2^64-1, not a rounded double). */
function decodePart(part: string, symbols: SymbolTable): bigint | undefined {
  if (/^(0x[0-9a-f]+|\d+)$/i.test(part)) return BigInt(part);
  if (part.startsWith('htons(') && part.endsWith(')')) {
    const inner = decodePart(part.slice(6, -1), symbols);
    return inner === undefined ? undefined : ((inner & 0xffn) << 8n) | ((inner >> 8n) & 0xffn);
  }
  const value = symbols.get(part);
  return value === undefined ? undefined : BigInt(value);
}
