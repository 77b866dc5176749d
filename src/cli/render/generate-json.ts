import type { AttackSurfaceSummary } from '../../diff/attack-surface.js';
import type { GenerateResult } from '../../generate/generate.js';
import type { GenerateOutputs } from './generate-summary.js';

/** `generate --json`: the report as one JSON document (the profile itself is in its file). */
export function renderGenerateJson(
  result: GenerateResult,
  surface: AttackSurfaceSummary,
  outputs: GenerateOutputs,
): string {
  const report = {
    outputs: { profile: outputs.profile, ...(outputs.compose ? { compose: outputs.compose } : {}) },
    sources: result.merged.sources,
    architectures: result.profile.architectures ?? [],
    ...(result.profile.archMap ? { archMap: result.profile.archMap } : {}),
    syscalls: result.explain,
    capabilities: { add: result.capAdd, findings: result.capabilities },
    blockedLeftOut: result.blockedLeftOut,
    unknownNames: result.unknownNames,
    crossAbi: result.crossAbi,
    partialSources: result.partialSources,
    startupWarnings: result.startupWarnings,
    againstDockerDefault: {
      context: surface.context,
      allowedHere: surface.profileAllowed,
      allowedThere: surface.baselineAllowed,
      removed: surface.removed,
      added: surface.added,
      percentRemoved: surface.percentRemoved,
      nativeAbi: surface.nativeAbi,
      highRiskRemoved: surface.highRiskRemoved.map((r) => r.name),
      highRiskAllowed: surface.highRiskAllowed.map((r) => r.name),
    },
    dockerFlags: outputs.dockerFlags.trimEnd(),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
