import type { Uint64 } from '../model/exact-json.js';
import type { SeccompArch, SeccompArg } from '../model/profile.js';

const U64_MAX = (1n << 64n) - 1n;
const U32_MAX = (1n << 32n) - 1n;

/**
 * ABIs libseccomp treats as 32-bit (`ARCH_SIZE_32`, including x32): comparisons there see only
 * the low 32 bits of the argument and of the datum (db.c `_db_rule_gen_arg_32`).
 */
const ABIS_32BIT: ReadonlySet<SeccompArch> = new Set<SeccompArch>([
  'SCMP_ARCH_X86',
  'SCMP_ARCH_X32',
  'SCMP_ARCH_ARM',
  'SCMP_ARCH_M68K',
  'SCMP_ARCH_MIPS',
  'SCMP_ARCH_MIPSEL',
  'SCMP_ARCH_MIPS64N32',
  'SCMP_ARCH_MIPSEL64N32',
  'SCMP_ARCH_PPC',
  'SCMP_ARCH_S390',
  'SCMP_ARCH_SH',
  'SCMP_ARCH_SHEB',
  'SCMP_ARCH_PARISC',
]);

/**
 * The alternatives (OR) a rule's `args` stand for, each an AND of conditions. runc
 * (libcontainer/seccomp/seccomp_linux.go) adds all conditions as one rule unless two of them
 * test the same argument index; then it adds every condition as a rule of its own.
 */
export function conditionGroups(args: readonly SeccompArg[] | undefined): SeccompArg[][] {
  if (!args || args.length === 0) return [[]];
  const indexes = new Set(args.map((arg) => arg.index));
  if (indexes.size === args.length) return [[...args]];
  return args.map((arg) => [arg]);
}

/** A profile's value as a uint64 (exact: values above 2^53 are read as bigints). */
export function toU64(value: Uint64 | undefined): bigint {
  if (typeof value === 'bigint') return value < 0n ? 0n : value > U64_MAX ? U64_MAX : value;
  if (value === undefined || !Number.isFinite(value) || value <= 0) return 0n;
  const big = BigInt(Math.floor(value));
  return big > U64_MAX ? U64_MAX : big;
}

/** Whether one condition holds for the syscall's arguments on `abi` (unsigned compares, like BPF). */
export function conditionHolds(arg: SeccompArg, args: readonly bigint[], abi: SeccompArch): boolean {
  const narrow = ABIS_32BIT.has(abi) ? (v: bigint) => v & U32_MAX : (v: bigint) => v & U64_MAX;
  const actual = narrow(args[arg.index] ?? 0n);
  const value = narrow(toU64(arg.value));
  switch (arg.op) {
    case 'SCMP_CMP_NE':
      return actual !== value;
    case 'SCMP_CMP_LT':
      return actual < value;
    case 'SCMP_CMP_LE':
      return actual <= value;
    case 'SCMP_CMP_EQ':
      return actual === value;
    case 'SCMP_CMP_GE':
      return actual >= value;
    case 'SCMP_CMP_GT':
      return actual > value;
    case 'SCMP_CMP_MASKED_EQ':
      return (actual & value) === narrow(toU64(arg.valueTwo));
  }
}

/** Whether every condition of an AND group holds. */
export function groupHolds(group: readonly SeccompArg[], args: readonly bigint[], abi: SeccompArch): boolean {
  return group.every((arg) => conditionHolds(arg, args, abi));
}

const OP_SYMBOLS: Readonly<Record<SeccompArg['op'], string>> = {
  SCMP_CMP_NE: '!=',
  SCMP_CMP_LT: '<',
  SCMP_CMP_LE: '<=',
  SCMP_CMP_EQ: '==',
  SCMP_CMP_GE: '>=',
  SCMP_CMP_GT: '>',
  SCMP_CMP_MASKED_EQ: '&',
};

/** A value as people write it: decimal below 4096, hex above (flags and masks read better in hex). */
function formatValue(value: Uint64 | undefined): string {
  const big = toU64(value);
  return big < 4096n ? big.toString() : `0x${big.toString(16)}`;
}

/** "arg0 < 38", "arg0 & 0x7e020000 == 0". */
export function formatCondition(arg: SeccompArg): string {
  if (arg.op === 'SCMP_CMP_MASKED_EQ')
    return `arg${arg.index} & ${formatValue(arg.value)} == ${formatValue(arg.valueTwo)}`;
  return `arg${arg.index} ${OP_SYMBOLS[arg.op]} ${formatValue(arg.value)}`;
}

/** An AND group as text: "arg0 == 16 && arg2 != 9". */
export function formatGroup(group: readonly SeccompArg[]): string {
  return group.map(formatCondition).join(' && ');
}
