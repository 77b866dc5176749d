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
import type { ExplainEntry } from './provenance.js';

/** `generate`'s options beyond the build options. */
export interface GenerateOptions extends Omit<BuildOptions, 'capAdd'> {
  allowPartial: boolean;
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
  partialSources: string[];
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
    partialSources,
  };
}
