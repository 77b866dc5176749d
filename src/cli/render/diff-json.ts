import { stableJson } from '../../model/stable-order.js';
import type { ProfileComparison } from '../../diff/comparison.js';

/**
 * The machine-readable diff: `{context:{arch,caps,kernel}, added, removed, changed:[{name,from,to}],
 * defaultAction:{from,to}}` (defaultAction always present; from === to when unchanged), plus
 * `widened`, `architectures`, `profiles`, `capabilities` ({from,to,added,removed,assumedDefault}, null when
 * no input carries a set), `risksAdded` ({name,why,introducedBy}) and the attack-surface `summary`.
 */
export function renderDiffJson(comparison: ProfileComparison): string {
  const { diff, summary } = comparison;
  return stableJson({
    context: { arch: diff.context.arch, caps: diff.context.caps, kernel: diff.context.kernel },
    added: diff.added,
    removed: diff.removed,
    changed: diff.changed,
    defaultAction: diff.defaults,
    widened: diff.widened,
    architectures: diff.architectures,
    profiles: { old: comparison.oldSource, new: comparison.newSource },
    capabilities: comparison.capabilities ?? null,
    risksAdded: comparison.risksAdded.map((r) => ({ name: r.name, why: r.why, introducedBy: r.introducedBy ?? null })),
    ...(comparison.startupWarnings ? { startupWarnings: comparison.startupWarnings } : {}),
    summary: {
      oldAllowed: summary.baselineAllowed,
      newAllowed: summary.profileAllowed,
      removed: summary.removed,
      added: summary.added,
      percentRemoved: summary.percentRemoved,
      nativeAbi: {
        abi: summary.nativeAbi.abi,
        oldAllowed: summary.nativeAbi.baselineAllowed,
        newAllowed: summary.nativeAbi.profileAllowed,
        percentRemoved: summary.nativeAbi.percentRemoved,
      },
      highRiskRemoved: summary.highRiskRemoved.map((r) => r.name),
      highRiskAdded: diff.added.filter((name) => summary.highRiskAllowed.some((r) => r.name === name)),
    },
  });
}
