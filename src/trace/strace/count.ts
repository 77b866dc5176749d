import type { SeccompArch } from '../../model/profile.js';
import type { SyscallTally } from '../../observation/tally.js';
import type { NameInfo } from './name-info.js';
import { I386_IPC_NR, I386_SOCKETCALL_NR, undecodedNumber } from './names.js';

/**
 * Count `calls` calls (and `errors` failures) of one printed syscall on `arch`; returns how many
 * events were counted. `nr` is the number `strace -n` printed (-1 without -n). Handles:
 * - `syscall_0x104` (undecoded: strace's table for the process's personality has no name for
 *   the number): kept as an unknown number in diagnostics, never given a name (the tables of
 *   the ABI we assume may not be the process's: 0x104 is fchownat on x86_64, 0x71 setreuid);
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
    const number = undecodedNumber(info.printed);
    tally.addUnknown(arch, number === undefined ? info.printed : `0x${number.toString(16)}`);
    return 0;
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
