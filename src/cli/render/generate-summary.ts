import { DOCKER_DEFAULT_CAPS } from '../../kernel/capabilities.js';
import { errnoName } from '../../kernel/errno.js';
import type { SeccompProfile } from '../../model/profile.js';
import type { AttackSurfaceSummary } from '../../diff/attack-surface.js';
import type { GenerateResult } from '../../generate/generate.js';
import { shortArch } from '../../generate/provenance.js';
import type { CrossAbiNote } from '../../generate/translate-evidence.js';
import { sortUnique } from '../../model/stable-order.js';
import { bareCapabilities } from '../../emit/capability-names.js';

/** Where generate wrote its products, for the summary. */
export interface GenerateOutputs {
  profile: string;
  compose?: { file: string; service: string };
  dockerFlags: string;
}

function defaultText(profile: SeccompProfile): string {
  if (profile.defaultAction !== 'SCMP_ACT_ERRNO') return profile.defaultAction.replace(/^SCMP_ACT_/, '');
  const n = profile.defaultErrnoRet ?? 1;
  return `ERRNO(${errnoName(n) ?? n})`;
}

function list(names: readonly string[], max = 12): string {
  if (names.length === 0) return 'none';
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … (+${names.length - max})`;
}

/** The capability lines: what is added, what of Docker's default set is dropped, what stays undecided. */
function capabilityLines(result: GenerateResult): string[] {
  const dropped = DOCKER_DEFAULT_CAPS.filter((c) => !result.capAdd.includes(c));
  const lines = [
    `  capabilities: cap_drop ALL, cap_add ${list(bareCapabilities(result.capAdd))}; ` +
      `${dropped.length} of Docker's ${DOCKER_DEFAULT_CAPS.length} default capabilities dropped`,
  ];
  const possible = result.capabilities.filter((f) => f.status === 'possible');
  if (possible.length > 0)
    lines.push(`  not added (undecidable from the evidence; verify): ${list(possible.map((f) => f.capability))}`);
  return lines;
}

function architectureLine(profile: SeccompProfile): string {
  if (profile.archMap && profile.archMap.length > 0) {
    const entries = profile.archMap.map((e) =>
      e.subArchitectures.length === 0
        ? shortArch(e.architecture)
        : `${shortArch(e.architecture)} (+ ${e.subArchitectures.map(shortArch).join(', ')})`,
    );
    return `  archMap: ${entries.join('; ')}`;
  }
  return `  architectures: ${(profile.architectures ?? []).map(shortArch).join(', ')}`;
}

/** What the cross-ABI translation changed, one line per kind and target ABI. */
function crossAbiLines(notes: readonly CrossAbiNote[]): string[] {
  const lines: string[] = [];
  for (const target of [...new Set(notes.map((n) => n.toArch))].sort()) {
    const of = (kind: CrossAbiNote['kind']) => notes.filter((n) => n.toArch === target && n.kind === kind);
    const arch = shortArch(target);
    const mapped = of('mapped').map((n) => `${n.name}→${n.names.join('+')}`);
    if (mapped.length > 0) lines.push(`  translated for ${arch}: ${list(sortUnique(mapped), 40)}`);
    const unneeded = sortUnique(of('not-needed').map((n) => n.name));
    if (unneeded.length > 0) lines.push(`  not needed on ${arch}: ${list(unneeded)}`);
    const lossy = sortUnique(of('lossy').map((n) => n.name));
    if (lossy.length > 0) lines.push(`  NO equivalent on ${arch}, left out (--allow-lossy): ${list(lossy)}`);
  }
  return lines;
}

/** The one-screen summary `generate` prints on stderr. */
export function renderGenerateSummary(
  result: GenerateResult,
  surface: AttackSurfaceSummary,
  outputs: GenerateOutputs,
): string {
  const counts = { allow: 0, filtered: 0, enosys: 0 };
  for (const e of result.explain) counts[e.rule] += 1;
  const where = outputs.profile === '-' ? 'stdout' : outputs.profile;
  const ctx = surface.context;
  const lines = [
    `seccompose: wrote ${where} from ${result.merged.sources.length} observation(s): ${counts.allow + counts.filtered} syscalls allowed ` +
      `(${counts.filtered} with argument filters), ${counts.enosys} ENOSYS fallbacks, default ${defaultText(result.profile)}`,
    architectureLine(result.profile),
    `  against Docker's default (${shortArch(ctx.arch)} daemon, ${ctx.caps.length} caps, kernel ${ctx.kernel}): ` +
      `allowed here ${surface.profileAllowed}, there ${surface.baselineAllowed}; ${surface.removed} removed (${surface.percentRemoved}%), ${surface.added} added`,
    `  on the ${shortArch(surface.nativeAbi.abi)} ABI: here ${surface.nativeAbi.profileAllowed}, there ${surface.nativeAbi.baselineAllowed}, ` +
      `${surface.nativeAbi.removed} removed (${surface.nativeAbi.percentRemoved}%)`,
    `  high-risk syscalls removed (${surface.highRiskRemoved.length}): ${list(surface.highRiskRemoved.map((r) => r.name))}`,
    `  high-risk syscalls still allowed: ${list(surface.highRiskAllowed.map((r) => r.name))}`,
    ...capabilityLines(result),
  ];
  if (result.blockedLeftOut.length > 0)
    lines.push(
      `  blocked attempts NOT included: ${list(result.blockedLeftOut)} (pass --include-blocked to allow them)`,
    );
  lines.push(...crossAbiLines(result.crossAbi));
  if (result.unknownNames.length > 0) lines.push(`  dropped, unknown on the target ABIs: ${list(result.unknownNames)}`);
  if (result.partialSources.length > 0)
    lines.push(`  partial observations accepted (--allow-partial): ${list(result.partialSources)}`);
  for (const warning of result.startupWarnings) lines.push(`  warning: ${warning}`);
  if (outputs.compose) lines.push(`  compose fragment: ${outputs.compose.file} (service ${outputs.compose.service})`);
  lines.push(`  docker run ${outputs.dockerFlags.trimEnd()} IMAGE`);
  return `${lines.join('\n')}\n`;
}
