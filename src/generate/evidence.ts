import { isKnownSyscall, syscallNumber } from '../kernel/syscalls.js';
import type { SeccompArch } from '../model/profile.js';
import type { MergedEvidence } from '../observation/merge.js';
import { sortUnique } from '../model/stable-order.js';
import type { EvidenceItem } from './provenance.js';
import { abisOfFamilies } from './target-arches.js';
import { crossFamilies, translateEvidence, type CrossAbiNote } from './translate-evidence.js';

/** Which evidence counts: the `generate` flags that widen it. */
export interface EvidenceOptions {
  includeBlocked: boolean;
  runtimeSyscalls: boolean;
}

/** The evidence for each name the profile may allow, and what could not be carried over. */
export interface ProfileEvidence {
  byName: Map<string, EvidenceItem[]>;
  /** Names that exist on no target ABI and no translation covers (dropped: libseccomp would reject them). */
  unknownNames: string[];
  /** Calls translated to a family the workload was not observed on (README "Cross-ABI translation"). */
  crossAbi: CrossAbiNote[];
  /** The families whose rules come from translation. */
  crossFamilies: SeccompArch[];
}

/** Observed calls (and runtime, blocked ones when asked), by name, each with the ABI it was seen on. */
export function collectEvidence(merged: MergedEvidence, options: EvidenceOptions): Map<string, EvidenceItem[]> {
  const byName = new Map<string, EvidenceItem[]>();
  const add = (name: string, item: EvidenceItem): void => {
    byName.set(name, [...(byName.get(name) ?? []), item]);
  };
  for (const [arch, calls] of Object.entries(merged.syscalls) as [
    SeccompArch,
    MergedEvidence['syscalls'][SeccompArch],
  ][])
    for (const [name, call] of Object.entries(calls ?? {}))
      for (const [source, count] of Object.entries(call.sources)) add(name, { kind: 'observed', source, arch, count });
  if (options.runtimeSyscalls)
    for (const [arch, names] of Object.entries(merged.runtime) as [SeccompArch, Record<string, string[]>][])
      for (const [name, sources] of Object.entries(names ?? {}))
        for (const source of sources) add(name, { kind: 'runtime', source, arch });
  if (options.includeBlocked)
    for (const [arch, calls] of Object.entries(merged.blocked) as [
      SeccompArch,
      MergedEvidence['blocked'][SeccompArch],
    ][])
      for (const [name, call] of Object.entries(calls ?? {}))
        for (const [source, count] of Object.entries(call.sources)) add(name, { kind: 'blocked', source, arch, count });
  return byName;
}

/** Whether `name` exists on at least one of `abis`. */
export function existsOn(name: string, abis: readonly SeccompArch[]): boolean {
  return abis.some((abi) => syscallNumber(abi, name) !== undefined);
}

/**
 * The evidence per name for a profile of `families`: for a family the workload was observed on,
 * the observed names as they are (its sub-ABIs share them); for every other family, the
 * translation of all evidence to that family's daemon ABI.
 */
export function profileEvidence(
  merged: MergedEvidence,
  observed: readonly SeccompArch[],
  families: readonly SeccompArch[],
  options: EvidenceOptions,
): ProfileEvidence {
  const asIs = collectEvidence(merged, options);
  const cross = crossFamilies(families, observed);
  const directAbis = abisOfFamilies(families.filter((f) => !cross.includes(f)));
  const translatable = new Map([...asIs].filter(([name]) => isKnownSyscall(name)));
  const translated = translateEvidence(translatable, cross);
  const byName = new Map<string, EvidenceItem[]>();
  for (const [name, items] of asIs) if (existsOn(name, directAbis)) byName.set(name, [...items]);
  for (const [name, items] of translated.byName) byName.set(name, [...(byName.get(name) ?? []), ...items]);
  const handled = (name: string): boolean => existsOn(name, directAbis) || (cross.length > 0 && isKnownSyscall(name));
  return {
    byName,
    unknownNames: sortUnique([...asIs.keys()].filter((name) => !handled(name))),
    crossAbi: translated.notes,
    crossFamilies: cross,
  };
}
