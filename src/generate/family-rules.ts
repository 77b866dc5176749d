import type { SeccompArch, SyscallRule } from '../model/profile.js';
import { DAEMON_ARCH_NAMES } from '../profile/context.js';
import type { EvidenceItem } from './provenance.js';
import { existsOn } from './evidence.js';
import { familyAbis } from './target-arches.js';

/**
 * The target families a name is allowed for: the families whose evidence (as observed, for a
 * family the workload was recorded on; translated, for the others) contains it.
 */
function familiesOf(
  name: string,
  items: readonly EvidenceItem[],
  families: readonly SeccompArch[],
  cross: readonly SeccompArch[],
): SeccompArch[] {
  const translatedTo = new Set(items.flatMap((i) => (i.kind === 'translated' ? [i.arch] : [])));
  const direct = items.some((i) => i.kind === 'observed' || i.kind === 'runtime' || i.kind === 'blocked');
  return families.filter((f) => (cross.includes(f) ? translatedTo.has(f) : direct && existsOn(name, familyAbis(f))));
}

/**
 * The ALLOW rules for names without argument filters: one rule for the names every target
 * family needs, and, in a profile for several families, one rule per family (`includes.arches`,
 * the daemon's arch) for the names only that family needs — so that an x86_64 recording's
 * `open` is not allowed to 32-bit ARM processes of an arm64 daemon, where its translation
 * `openat` is what the workload issues.
 */
export function allowRules(
  names: readonly string[],
  evidence: ReadonlyMap<string, readonly EvidenceItem[]>,
  families: readonly SeccompArch[],
  cross: readonly SeccompArch[],
): SyscallRule[] {
  if (names.length === 0) return [];
  if (families.length < 2) return [{ names: [...names], action: 'SCMP_ACT_ALLOW' }];
  const common: string[] = [];
  const perFamily = new Map<SeccompArch, string[]>();
  for (const name of names) {
    const of = familiesOf(name, evidence.get(name) ?? [], families, cross);
    if (of.length === families.length || of.length === 0) common.push(name);
    else for (const f of of) perFamily.set(f, [...(perFamily.get(f) ?? []), name]);
  }
  const rules: SyscallRule[] = common.length > 0 ? [{ names: common, action: 'SCMP_ACT_ALLOW' }] : [];
  for (const family of families) {
    const only = perFamily.get(family);
    const arch = DAEMON_ARCH_NAMES[family];
    if (only === undefined) continue;
    if (arch === undefined) rules.push({ names: only, action: 'SCMP_ACT_ALLOW' });
    else rules.push({ names: only, action: 'SCMP_ACT_ALLOW', includes: { arches: [arch] } });
  }
  return rules;
}
