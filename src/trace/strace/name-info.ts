import { isKnownSyscall } from '../../kernel/syscalls.js';
import { IPC_SUBCALLS, SOCKETCALL_SUBCALLS } from '../../kernel/multiplexers.js';
import { CLONE_FAMILY, I386_ONLY_NAMES, undecodedNumber } from './names.js';

/** What the parser needs to know about a name strace printed; computed once per distinct name. */
export interface NameInfo {
  /** As strace printed it. */
  printed: string;
  /** The name counted (libseccomp's). */
  name: string;
  /** Its arguments are decoded (clone, socket, prctl, ...). */
  decode: boolean;
  /** Its return value matters (clone family: a new pid; execve: a new program). */
  special: boolean;
  clone: boolean;
  exec: boolean;
  /** Exists only on i386: shows that a process runs 32-bit code. */
  i386Only: boolean;
  /** The i386 multiplexer strace may have decoded this call from (socketcall, ipc). */
  multiplexer: 'socketcall' | 'ipc' | undefined;
  /** strace did not know the syscall (`syscall_0x1c3`): kept as an unknown number. */
  unknown: boolean;
}

/**
 * Describe a printed name (see NameInfo); undefined when it is no syscall name of any ABI in the
 * kernel tables and not strace's `syscall_0x..` form (a `word(` in text that is not a trace).
 */
export function describeName(printed: string, decode: boolean): NameInfo | undefined {
  const unknown = printed.startsWith('syscall_');
  if (unknown ? undecodedNumber(printed) === undefined : !isKnownSyscall(printed)) return undefined;
  const clone = CLONE_FAMILY.has(printed);
  const exec = printed === 'execve' || printed === 'execveat';
  return {
    printed,
    name: printed,
    decode,
    special: clone || exec,
    clone,
    exec,
    i386Only: I386_ONLY_NAMES.has(printed),
    // On i386 strace prints a socketcall(2)/ipc(2) subcall under the subcall's name, exactly like
    // the direct syscall of that name: only `-n` tells them apart, so without it both are recorded.
    multiplexer: SOCKETCALL_SUBCALLS.has(printed) ? 'socketcall' : IPC_SUBCALLS.has(printed) ? 'ipc' : undefined,
    unknown,
  };
}
