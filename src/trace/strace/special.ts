import { auditArchToAbi } from '../../kernel/arch.js';
import { syscallName } from '../../kernel/syscalls.js';
import type { SeccompArch } from '../../model/profile.js';
import { personalityAbi } from './names.js';

/** How a traced process ended, from `+++ exited with N +++` / `+++ killed by SIGx (core dumped) +++`. */
export interface ProcessEnd {
  code: number | null;
  signal: string | null;
}

/** Parse the text after `+++ `; undefined when it is neither form. */
export function parseProcessEnd(text: string): ProcessEnd | undefined {
  const exited = /^exited with (\d+) \+\+\+/.exec(text);
  if (exited) return { code: Number(exited[1]), signal: null };
  const killed = /^killed by (SIG[A-Z0-9+-]+)/.exec(text);
  if (killed) return { code: null, signal: killed[1]! };
  return undefined;
}

/** `[ Process PID=9782 runs in 32 bit mode. ]` → the pid and the ABI it now runs. */
export function parsePersonality(text: string, native: SeccompArch): { pid: number; arch: SeccompArch } | undefined {
  const match = /^\[ Process PID=(\d+) runs in (32 bit|64 bit|x32) mode\. \]/.exec(text);
  if (!match) return undefined;
  return { pid: Number(match[1]), arch: personalityAbi(match[2]!, native) };
}

/** strace's AUDIT_ARCH_* spellings (default `-X abbrev`) → the audit arch value. */
const AUDIT_ARCH_NAMES: ReadonlyMap<string, string> = new Map([
  ['AUDIT_ARCH_X86_64', 'c000003e'],
  ['AUDIT_ARCH_I386', '40000003'],
  ['AUDIT_ARCH_AARCH64', 'c00000b7'],
  ['AUDIT_ARCH_ARM', '40000028'],
  ['AUDIT_ARCH_PPC64LE', 'c0000015'],
  ['AUDIT_ARCH_S390X', '80000016'],
  ['AUDIT_ARCH_RISCV64', 'c00000f3'],
]);

/** A syscall a seccomp filter already in force blocked (SECCOMP_RET_TRAP → SIGSYS). */
export interface BlockedAttempt {
  arch: SeccompArch;
  /** The syscall's name, or `undefined` when neither strace nor the tables know the number. */
  name: string | undefined;
  nr: string;
}

const SIGSYS_FIELDS =
  /si_code=(?:SYS_SECCOMP|0x1)\b.*?si_syscall=(?:__NR_([a-z0-9_]+)|(0x[0-9a-f]+|\d+))(?:\s*\/\*[^*]*\*\/)?, si_arch=(AUDIT_ARCH_[A-Z0-9_]+|0x[0-9a-f]+)/;

/**
 * `--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, ..., si_syscall=__NR_getppid,
 * si_arch=AUDIT_ARCH_X86_64} ---` (or `-X raw`'s `si_syscall=110, si_arch=0xc000003e`) → the
 * blocked call. Undefined for a SIGSYS that a filter did not raise.
 */
export function parseSigsys(text: string, native: SeccompArch): BlockedAttempt | undefined {
  const match = SIGSYS_FIELDS.exec(text);
  if (!match) return undefined;
  const archText = match[3]!;
  const hex = archText.startsWith('0x') ? archText : AUDIT_ARCH_NAMES.get(archText);
  const nrText = match[2];
  const nr = nrText === undefined ? undefined : Number(nrText);
  const arch = (hex === undefined ? undefined : auditArchToAbi(hex, nr)) ?? native;
  if (match[1] !== undefined) return { arch, name: match[1], nr: match[1] };
  return { arch, name: syscallName(arch, nr!), nr: nrText! };
}
