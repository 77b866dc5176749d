import type { SeccompArch } from '../model/profile.js';
import { sortUnique } from '../model/stable-order.js';
import { translateSyscall } from './cross-abi.js';
import type { EvidenceItem } from './provenance.js';
import { familyAbis } from './target-arches.js';

/** Evidence that names an ABI (observed, blocked, runtime): what a translation starts from. */
type AbiEvidence = Extract<EvidenceItem, { kind: 'observed' | 'blocked' | 'runtime' }>;

/** One observed call whose translation is not itself (renamed, not needed, or lossy). */
export interface CrossAbiNote {
  name: string;
  fromArch: SeccompArch;
  toArch: SeccompArch;
  kind: 'mapped' | 'not-needed' | 'lossy';
  /** The calls allowed instead ([] unless mapped). */
  names: string[];
  note: string;
}

/** The evidence of the cross-ABI targets, by target name, and what the translation changed. */
export interface TranslatedEvidence {
  byName: Map<string, EvidenceItem[]>;
  notes: CrossAbiNote[];
}

/**
 * Families of `families` (daemon arches) with no observed ABI: the profile for them comes from
 * translating the evidence, since the workload was never seen on them.
 */
export function crossFamilies(families: readonly SeccompArch[], observed: readonly SeccompArch[]): SeccompArch[] {
  return families.filter((family) => !familyAbis(family).some((abi) => observed.includes(abi)));
}

/**
 * Translate every piece of evidence to the daemon ABI of each cross family: what the same
 * program's C library issues there (README "Cross-ABI translation"). A family's sub-ABIs share
 * the translated list, as every ABI of a moby profile shares one rule list.
 */
export function translateEvidence(
  evidence: ReadonlyMap<string, readonly EvidenceItem[]>,
  targets: readonly SeccompArch[],
): TranslatedEvidence {
  const byName = new Map<string, EvidenceItem[]>();
  const notes = new Map<string, CrossAbiNote>();
  const add = (name: string, item: EvidenceItem): void => {
    byName.set(name, [...(byName.get(name) ?? []), item]);
  };
  for (const [name, items] of evidence)
    for (const item of items) {
      if (item.kind === 'fallback' || item.kind === 'translated') continue;
      const basis: AbiEvidence = item;
      for (const target of targets) {
        const t = translateSyscall(name, basis.arch, target);
        const names = t.kind === 'same' || t.kind === 'mapped' ? t.names : [];
        for (const to of names)
          add(to, {
            kind: 'translated',
            from: name,
            fromArch: basis.arch,
            arch: target,
            basis: basis.kind,
            source: basis.source,
          });
        if (t.kind !== 'same')
          notes.set(`${name}\0${basis.arch}\0${target}`, {
            name,
            fromArch: basis.arch,
            toArch: target,
            kind: t.kind,
            names: sortUnique(names),
            note: t.note,
          });
      }
    }
  const ordered = [...notes.values()].sort((a, b) =>
    a.name !== b.name ? (a.name < b.name ? -1 : 1) : `${a.fromArch}${a.toArch}` < `${b.fromArch}${b.toArch}` ? -1 : 1,
  );
  return { byName, notes: ordered };
}
