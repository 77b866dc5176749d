import type { SeccompArch } from '../../model/profile.js';
import type { SyscallTally } from '../../observation/tally.js';
import type { NameInfo } from './name-info.js';
import { I386_IPC_NR, I386_SOCKETCALL_NR, resolveUnknownSyscall } from './names.js';

/**
 * Count `calls` calls (and `errors` failures) of one printed syscall on `arch`; returns how many
 * events were counted. `nr` is the number `strace -n` printed (-1 without -n). Handles:
 * - `syscall_0x1c3` (unknown to strace): counted under the kernel tables' name for the number,
 *   or kept in diagnostics as unknown when the tables do not know it either;
 * - i386 socketcall/ipc subcalls: with -n the number says which syscall ran; without it both the
 *   direct syscall and the multiplexer are counted, since either may have been used.
 */
export function countCall(
  tally: SyscallTally,
  info: NameInfo,
  arch: SeccompArch,
  nr: number,
  calls: number,
  errors: number,
): number {
  if (info.unknown) {
    const resolved = resolveUnknownSyscall(info.printed, arch);
    if (resolved?.name === undefined) {
      tally.addUnknown(resolved?.arch ?? arch, resolved ? `0x${resolved.nr.toString(16)}` : info.printed);
      return 0;
    }
    tally.add(resolved.arch, resolved.name, calls, errors);
    return calls;
  }
  if (info.multiplexer !== undefined && arch === 'SCMP_ARCH_X86') {
    const multiplexerNr = info.multiplexer === 'socketcall' ? I386_SOCKETCALL_NR : I386_IPC_NR;
    if (nr === multiplexerNr) {
      tally.add(arch, info.multiplexer, calls, errors);
      return calls;
    }
    if (nr < 0) tally.add(arch, info.multiplexer, calls, errors);
  }
  tally.add(arch, info.name, calls, errors);
  return calls;
}
