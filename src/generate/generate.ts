import { InputError } from '../errors.js';
import { serializeProfile } from '../emit/profile-json.js';
import { mergeObservations, type LabelledObservation, type MergedEvidence } from '../observation/merge.js';
import {
  capabilityFindingsOf,
  combineFindings,
  requiredCapabilities,
  type CapabilityFinding,
} from '../observation/infer-capabilities.js';
import type { SeccompProfile } from '../model/profile.js';
import { buildProfile, type BuildOptions } from './build.js';
import { shortArch, type ExplainEntry } from './provenance.js';
import type { CrossAbiNote } from './translate-evidence.js';
import { sortUnique } from '../model/stable-order.js';
import { startupWarnings } from './startup-coverage.js';

/** `generate`'s options beyond the build options. */
export interface GenerateOptions extends Omit<BuildOptions, 'capAdd'> {
  allowPartial: boolean;
  /** Write the profile even when observed calls have no equivalent on a translated target ABI. */
  allowLossy: boolean;
}

/** Everything `generate` produces: the profile and its canonical text, caps, and the evidence report. */
export interface GenerateResult {
  profile: SeccompProfile;
  /** The canonical JSON text (byte-identical for identical evidence). */
  text: string;
  merged: MergedEvidence;
  capabilities: CapabilityFinding[];
  capAdd: string[];
  explain: ExplainEntry[];
  blockedLeftOut: string[];
  unknownNames: string[];
  /** What the cross-ABI translation changed (renamed, not needed, lossy), per observed call and target. */
  crossAbi: CrossAbiNote[];
  partialSources: string[];
  /** Observations recorded by attaching to a running container with no start-up recording of their image. */
  startupWarnings: string[];
}

/** Lossy translations are an error unless --allow-lossy: the profile could not let those calls succeed. */
function refuseLossy(notes: readonly CrossAbiNote[], allowLossy: boolean): void {
  const lossy = notes.filter((n) => n.kind === 'lossy');
  if (lossy.length === 0 || allowLossy) return;
  const targets = sortUnique(lossy.map((n) => shortArch(n.toArch)));
  const listed = lossy.map((n) => `${n.name} (${shortArch(n.fromArch)} → ${shortArch(n.toArch)}: ${n.note})`);
  throw new InputError(
    `${lossy.length} observed syscall(s) have no equivalent on ${targets.join(', ')}: ${listed.join('; ')}`,
    {
      hint: 'record the workload on that architecture, or pass --allow-lossy to write the profile without them (those calls then get the default action there)',
    },
  );
}

function refusePartial(inputs: readonly LabelledObservation[], allowPartial: boolean): string[] {
  const partial = inputs.filter((i) => !i.observation.complete);
  if (partial.length > 0 && !allowPartial) {
    const first = partial[0]!;
    const why = first.observation.incompleteReasons.join('; ') || 'recording cut short';
    throw new InputError(`observation ${first.label} is partial (complete: false: ${why})`, {
      hint: 'record the workload again until it finishes, or pass --allow-partial to accept a profile that may miss syscalls',
    });
  }
  return partial.map((i) => i.label).sort();
}

/**
 * Observations → the minimal profile and capability set. Pure and order-independent: the
 * observations are merged commutatively, capabilities combined per observation (observed when
 * the backend traced capability checks, inferred by the documented table otherwise).
 */
export function generateProfile(inputs: readonly LabelledObservation[], options: GenerateOptions): GenerateResult {
  if (inputs.length === 0)
    throw new InputError('no observations given', { hint: 'pass one or more files written by `seccompose record -o`' });
  const partialSources = refusePartial(inputs, options.allowPartial);
  const merged = mergeObservations(inputs);
  const capabilities = combineFindings(inputs.flatMap((i) => capabilityFindingsOf(i.observation)));
  const capAdd = requiredCapabilities(capabilities);
  const built = buildProfile(merged, { ...options, capAdd });
  refuseLossy(built.crossAbi, options.allowLossy);
  if (!built.explain.some((e) => e.rule !== 'enosys')) {
    throw new InputError(`the observations (${merged.sources.map((s) => s.label).join(', ')}) contain no syscalls`, {
      hint: 'record a workload that runs (check its exit status in the observation), or pass --include-blocked if every call was blocked',
    });
  }
  return {
    profile: built.profile,
    text: serializeProfile(built.profile),
    merged,
    capabilities,
    capAdd,
    explain: built.explain,
    blockedLeftOut: built.blockedLeftOut,
    unknownNames: built.unknownNames,
    crossAbi: built.crossAbi,
    partialSources,
    startupWarnings: startupWarnings(inputs),
  };
}
