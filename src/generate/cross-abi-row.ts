import type { SeccompArch } from '../model/profile.js';

/** One way a target ABI's libc performs the operation: used when the target is in `on` (if given) and has every name. */
export interface CrossAbiChoice {
  /** The syscalls issued; [] = none needed on that ABI (the operation happens in user space). */
  names: readonly string[];
  on?: readonly SeccompArch[];
}

/**
 * One operation across ABIs: the names it is observed under, and what the target's C library
 * issues for it (the first fitting choice). No choice fits → the name has no equivalent there.
 */
export interface CrossAbiRow {
  from: readonly string[];
  to: readonly CrossAbiChoice[];
  /**
   * Modern calls that stand for this row's legacy call on ABIs without it: observed on such an
   * ABI (aarch64's mkdirat may be libc's mkdir()), they also bring `from[0]` to a target that has
   * it, because that target's libc issues the legacy call for the same function.
   */
  reverse?: readonly string[];
  note: string;
  /** Rows of one mechanical family (uid32, time64, …), documented as one line. */
  group?: string;
}

/** The ABIs whose libc sets the thread pointer with arch_prctl. */
export const X86_64_ABIS: readonly SeccompArch[] = ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X32'];
/** Every MIPS ABI (set_thread_area and cacheflush are theirs too). */
export const MIPS_ABIS: readonly SeccompArch[] = [
  'SCMP_ARCH_MIPS',
  'SCMP_ARCH_MIPSEL',
  'SCMP_ARCH_MIPS64',
  'SCMP_ARCH_MIPSEL64',
  'SCMP_ARCH_MIPS64N32',
  'SCMP_ARCH_MIPSEL64N32',
];

/** A choice for any ABI that has all `names`. */
export const only = (...names: string[]): CrossAbiChoice => ({ names });
/** A choice only for the ABIs `abis`. */
export const on = (abis: readonly SeccompArch[], ...names: string[]): CrossAbiChoice => ({ names, on: abis });
/** libc issues `legacy` where the ABI has it and `modern` elsewhere; the modern call maps back. */
export const legacy = (name: string, modern: string[], note: string, extra: string[] = []): CrossAbiRow => ({
  from: [name],
  to: [only(name), only(...modern, ...extra)],
  reverse: modern,
  note,
});
/** A 32-bit ABI's wide variant (uid32, time64, 64-bit offset) → the call 64-bit ABIs have under the plain name. */
export const widened = (from: string, to: string, note: string, group: string): CrossAbiRow => ({
  from: [from],
  to: [only(from), only(to)],
  note,
  group,
});
/** Calls Linux answers with ENOSYS on current kernels: nothing to allow anywhere. */
export const gone = (names: string[], note: string): CrossAbiRow => ({ from: names, to: [only()], note });
/** Calls with no equivalent outside their own ABIs: allowed there, lossy elsewhere. */
export const ownOnly = (names: string[], abis: readonly SeccompArch[], note: string): CrossAbiRow[] =>
  names.map((name) => ({ from: [name], to: [on(abis, name)], note }));
