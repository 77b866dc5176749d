import { DEFAULT_ARCH_MAP } from '../kernel/arch.js';
import { ARCHES, type SeccompArch } from '../model/profile.js';
import type { LintOptions } from './context.js';
import { DAEMON_ARCH_NAMES } from '../profile/context.js';
import type { ProfileView, RuleView } from './view.js';

/** Who runs on each secondary ABI: named in messages about an ABI left out of the filter. */
export const ABI_USERS: Readonly<Partial<Record<SeccompArch, string>>> = {
  SCMP_ARCH_X86: '32-bit x86 (i386) binaries',
  SCMP_ARCH_X32: 'x32 binaries (x86_64 registers, 32-bit pointers; syscall numbers with the 0x40000000 bit)',
  SCMP_ARCH_ARM: '32-bit ARM binaries',
  SCMP_ARCH_S390: '31-bit s390 binaries',
  SCMP_ARCH_MIPS: 'MIPS o32 binaries',
  SCMP_ARCH_MIPSEL: 'MIPS o32 binaries',
  SCMP_ARCH_MIPS64: 'MIPS n64 binaries',
  SCMP_ARCH_MIPSEL64: 'MIPS n64 binaries',
  SCMP_ARCH_MIPS64N32: 'MIPS n32 binaries',
  SCMP_ARCH_MIPSEL64N32: 'MIPS n32 binaries',
};

/** Whether a string is an SCMP_ARCH_* name the format knows. */
export function isArch(value: string): value is SeccompArch {
  return (ARCHES as readonly string[]).includes(value);
}

/** The ABIs a daemon on `arch` puts in the filter per Docker's default archMap (itself plus sub-ABIs). */
export function defaultFamilyOf(arch: SeccompArch): SeccompArch[] {
  const entry = DEFAULT_ARCH_MAP.find((e) => e.architecture === arch);
  return [arch, ...(entry?.subArchitectures ?? [])];
}

/**
 * ABIs the filter covers. With a daemon arch: its archMap entry (or the listed architectures),
 * plus the arch itself, as runc always adds the native arch. Without: every ABI the profile names;
 * undefined when it names none (then only the unknown host's native ABI is covered).
 */
export function computeTargetArches(view: ProfileView, options: LintOptions): SeccompArch[] | undefined {
  const listed = (view.architectures ?? []).map((a) => a.value).filter(isArch);
  const mapped = (view.archMap ?? []).flatMap((entry) => {
    const head = entry.architecture?.value;
    if (head === undefined || !isArch(head)) return [];
    if (options.arch !== undefined && head !== options.arch) return [];
    return [head, ...entry.subArchitectures.map((s) => s.value).filter(isArch)];
  });
  const all = [...listed, ...mapped, ...(options.arch ? [options.arch] : [])];
  return all.length === 0 ? undefined : ARCHES.filter((a) => all.includes(a));
}

/** The ABIs of the daemons named in a rule's includes.arches (each daemon's Docker-default family); [] when unrestricted. */
export function hostAbisOf(rule: RuleView): SeccompArch[] {
  const hosts = (rule.includes?.arches ?? []).flatMap((a) => {
    if (a.value === 'x32') return ['SCMP_ARCH_X32' as const];
    const entry = (Object.entries(DAEMON_ARCH_NAMES) as [SeccompArch, string][]).find(([, name]) => name === a.value);
    return entry ? defaultFamilyOf(entry[0]) : [];
  });
  return ARCHES.filter((a) => hosts.includes(a));
}
