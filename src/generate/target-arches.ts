import type { ArchMapEntry, SeccompArch } from '../model/profile.js';
import { DEFAULT_ARCH_MAP } from '../kernel/arch.js';

/**
 * The `architectures` of a generated profile: every family (a daemon arch and its sub-ABIs from
 * Docker's archMap) that an observed ABI belongs to.
 *
 * Why the siblings are listed even when only the native ABI was observed: an ABI missing from
 * the list is not filtered by our rules at all — it hits libseccomp's bad-arch action, which
 * runc leaves at KILL, and on x86_64 leaving out X32 also routes every number ≥ 0x40000000 to
 * that action. Listing X86 and X32 instead puts 32-bit and x32 processes under the same
 * name-based allowlist, where anything not allowed gets the profile's default action (EPERM).
 * The moby format has one shared rule list per profile, so the rules cannot differ per ABI;
 * a name applies on each ABI where it exists (libseccomp resolves it per ABI and skips it where
 * it does not). A 32-bit process therefore gets at most the calls the workload was seen to make,
 * by name, never more, and never an unfiltered path — this is exactly how Docker's own default
 * covers the three x86 ABIs.
 */
export function familyOf(abi: SeccompArch, native: SeccompArch): SeccompArch {
  const nativeEntry = DEFAULT_ARCH_MAP.find((e) => e.architecture === native);
  if (abi === native || nativeEntry?.subArchitectures.includes(abi)) return native;
  if (DEFAULT_ARCH_MAP.some((e) => e.architecture === abi)) return abi;
  return DEFAULT_ARCH_MAP.find((e) => e.subArchitectures.includes(abi))?.architecture ?? abi;
}

/** The ABIs of one family: the daemon arch followed by its sub-ABIs. */
export function familyAbis(family: SeccompArch): SeccompArch[] {
  const entry = DEFAULT_ARCH_MAP.find((e) => e.architecture === family);
  return [family, ...(entry?.subArchitectures ?? [])];
}

/**
 * Target families (daemon arches) for the observed ABIs, or the families the user named with
 * --arch, in Docker's archMap order (never the host's: the same evidence gives the same file on
 * any machine); no duplicates.
 */
export function targetFamilies(
  observed: readonly SeccompArch[],
  native: SeccompArch,
  requested?: readonly SeccompArch[],
): SeccompArch[] {
  const families =
    requested && requested.length > 0
      ? requested.map((a) => familyOf(a, native))
      : observed.map((a) => familyOf(a, native));
  if (families.length === 0) families.push(native);
  const order = (f: SeccompArch): number => DEFAULT_ARCH_MAP.findIndex((e) => e.architecture === f);
  return [...new Set(families)].sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Every ABI of `families`, each daemon arch before its sub-ABIs; no duplicates. */
export function abisOfFamilies(families: readonly SeccompArch[]): SeccompArch[] {
  const out: SeccompArch[] = [];
  for (const family of families) for (const abi of familyAbis(family)) if (!out.includes(abi)) out.push(abi);
  return out;
}

/**
 * The archMap of a profile for `families`: one entry per daemon arch with the sub-ABIs its filter
 * covers (Docker's archMap), so that each daemon picks its own entry and a daemon of another
 * arch gets no foreign ABIs.
 */
export function archMapOf(families: readonly SeccompArch[]): ArchMapEntry[] {
  return families.map((family) => ({ architecture: family, subArchitectures: familyAbis(family).slice(1) }));
}
