import { auditArchToAbi } from '../../kernel/arch.js';
import { syscallNumber } from '../../kernel/syscalls.js';

/**
 * Machine names auparse prints for AUDIT_ARCH values (`ausearch -i`: `arch=armeb`; ENRICHED's
 * `ARCH=`), audit-userspace lib/machinetab.h: every alias of a machine → its AUDIT_ARCH value.
 * Checked with ausearch 3.0.9 here, which names the first alias (i386, armeb) and prints
 * `unknown-elf-type(c00000f3)` for arches it has no name for (then its syscall names are the
 * host's, so such a record cannot be read).
 */
const MACHINE_ARCHES: ReadonlyMap<string, string> = new Map([
  ['i386', '40000003'],
  ['i486', '40000003'],
  ['i586', '40000003'],
  ['i686', '40000003'],
  ['x86_64', 'c000003e'],
  ['ppc64', '80000015'],
  ['ppc64le', 'c0000015'],
  ['ppc', '00000014'],
  ['s390x', '80000016'],
  ['s390', '00000016'],
  ['armeb', '40000028'],
  ['armv5tejl', '40000028'],
  ['armv5tel', '40000028'],
  ['armv6l', '40000028'],
  ['armv7l', '40000028'],
  ['aarch64', 'c00000b7'],
  ['riscv64', 'c00000f3'],
  ['loongarch64', 'c0000102'],
]);

/** A record's arch: AUDIT_ARCH as hex; how it was written decides how its syscall may be written. */
export interface RecordArch {
  hex: string;
  /** Written as a name (interpreted form): comm/exe are literal, the syscall may be a name. */
  named: boolean;
  /** auparse had no name for the arch and named the syscall with the host's table: not usable. */
  hostNames: boolean;
}

/**
 * The record's arch from the raw hex the kernel writes (`c000003e`), the same number in decimal
 * (`3221225534`: log shippers and converters that read audit fields as integers write it so), an
 * auparse machine name (`x86_64`, `armeb`) or auparse's `unknown-elf-type(c00000f3)`. Digits
 * alone are hex when that is an AUDIT_ARCH value, else decimal when that is one (`20` is PPC's
 * 0x14; no table value reads as a different one the other way), and decimal beyond 8 digits.
 */
export function readArch(text: string | undefined): RecordArch | undefined {
  if (text === undefined) return undefined;
  const decimal = /^\d{1,10}$/.test(text) ? Number(text) : undefined;
  const hex = /^(0x)?[0-9a-f]{1,8}$/i.test(text) ? text.toLowerCase().replace(/^0x/, '') : undefined;
  if (hex !== undefined && (auditArchToAbi(hex) !== undefined || !isKnownDecimal(decimal))) {
    return { hex, named: false, hostNames: false };
  }
  if (decimal !== undefined && decimal <= 0xffffffff)
    return { hex: decimal.toString(16), named: false, hostNames: false };
  const unknown = /^unknown-elf-type\(([0-9a-f]{1,8})\)$/i.exec(text);
  if (unknown) return { hex: unknown[1]!.toLowerCase(), named: true, hostNames: true };
  const machine = MACHINE_ARCHES.get(text);
  return machine === undefined ? undefined : { hex: machine, named: true, hostNames: false };
}

function isKnownDecimal(value: number | undefined): boolean {
  return value !== undefined && value <= 0xffffffff && auditArchToAbi(value.toString(16)) !== undefined;
}

/**
 * The syscall number: as written (`257`), auparse's `unknown-syscall(4020)`, or an interpreted
 * name (`openat`) looked up on the record's ABI — unless auparse took the name from the host's table.
 */
export function readSyscall(text: string | undefined, arch: RecordArch): number | undefined {
  if (text === undefined) return undefined;
  const number = /^(?:\d+|unknown-syscall\((\d+)\))$/.exec(text);
  if (number) return Number(number[1] ?? text);
  const abi = auditArchToAbi(arch.hex);
  if (abi === undefined || arch.hostNames || !/^[a-z_][a-z0-9_]*$/.test(text)) return undefined;
  return syscallNumber(abi, text);
}

/** auparse's names for seccomp return actions (audit-userspace lib/seccomptab.h), `code=log`. */
const ACTION_NAMES: ReadonlyMap<string, number> = new Map([
  ['kill', 0x00000000],
  ['kill-thread', 0x00000000],
  ['kill-process', 0x80000000],
  ['trap', 0x00030000],
  ['errno', 0x00050000],
  ['user-notif', 0x7fc00000],
  ['trace', 0x7ff00000],
  ['log', 0x7ffc0000],
  ['allow', 0x7fff0000],
]);

/** The filter's action: raw `0x7ffc0000`, or an interpreted name (`log`, `errno`, `kill-process`). */
export function readAction(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^0x[0-9a-f]{1,8}$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  return ACTION_NAMES.get(text.replace(/\(.*\)$/, ''));
}
