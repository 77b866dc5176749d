import { InputError, UsageError } from '../errors.js';
import type { Observation } from '../model/observation.js';
import type { SeccompProfile } from '../model/profile.js';
import { identityOf, mismatches, type InputIdentity, recordingsOf } from '../observation/sources.js';
import { ObservationUnion } from '../observation/union.js';
import { type ResolveContext, resolveProfile } from '../profile/resolve.js';
import { extendProfile, type Extension } from './extend.js';
import { planMerge } from './plan.js';
import { profileArches, type ProfileInput, unionProfiles } from './profile-union.js';

/** One merge input once read: an observation, or the profiles a file holds (a stream may hold many). */
export type MergeDocument =
  | { kind: 'observation'; observation: Observation }
  | { kind: 'profiles'; profiles: ProfileInput[] };

/** Reads an input by path; called twice per observation (plan, then fold) so none is held for long. */
export type MergeReader = (path: string) => Promise<MergeDocument>;

export interface MergeOptions {
  /** Merge inputs for different images or architectures anyway. */
  force: boolean;
  context: ResolveContext;
}

/** What `merge` produced. */
export type MergeResult =
  | {
      kind: 'observation';
      observation: Observation;
      inputs: number;
      skipped: { label: string; coveredBy: string }[];
      mixed: string[];
    }
  | { kind: 'profile'; profile: SeccompProfile; inputs: string[]; widened: string[]; mixed: string[] }
  | { kind: 'extension'; base: string; extension: Extension; inputs: number; mixed: string[] };

function refuseMixing(identities: readonly InputIdentity[], force: boolean): string[] {
  const { images, arches } = mismatches(identities);
  const lines = [
    ...(images.length > 0 ? [`different images: ${images.join(', ')}`] : []),
    ...(arches.length > 0 ? [`different architectures: ${arches.join(', ')}`] : []),
  ];
  if (lines.length > 0 && !force)
    throw new InputError(`refusing to merge recordings of ${lines.join('; ')}`, {
      hint: 'merge each image/architecture separately, or pass --force for one profile that covers them all',
    });
  return lines;
}

/** First pass: what each input is, and for observations which recordings they hold (then dropped). */
async function survey(paths: readonly string[], read: MergeReader) {
  const observations: { path: string; digests: string[]; identity: InputIdentity }[] = [];
  const profiles: { path: string; inputs: ProfileInput[] }[] = [];
  for (const path of paths) {
    const doc = await read(path);
    if (doc.kind === 'observation')
      observations.push({
        path,
        digests: recordingsOf(doc.observation, path).map((r) => r.digest),
        identity: identityOf(doc.observation, path),
      });
    else profiles.push({ path, inputs: doc.profiles });
  }
  return { observations, profiles };
}

/** Second pass: fold the planned observation inputs one at a time. */
async function foldObservations(paths: readonly string[], read: MergeReader): Promise<ObservationUnion> {
  const union = new ObservationUnion();
  for (const path of paths) {
    const doc = await read(path);
    if (doc.kind !== 'observation') throw new InputError(`${path} changed while merging`, { hint: 'run merge again' });
    union.add(doc.observation, path);
  }
  return union;
}

function provenance(prefix: string, labels: readonly string[], max = 600): string {
  const text = `${prefix}: ${labels.join(', ')}`;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * `seccompose merge`: the union of observations (a merged observation), of profiles (each
 * resolved for the context, then unioned), or one base profile extended with observations.
 * Order-independent and idempotent; refuses to mix images or architectures unless forced.
 */
export async function mergeInputs(
  paths: readonly string[],
  read: MergeReader,
  options: MergeOptions,
): Promise<MergeResult> {
  if (paths.length === 0) throw new UsageError('nothing to merge', { hint: 'pass observations or profiles' });
  const { observations, profiles } = await survey(paths, read);
  const plan = planMerge(observations.map((o) => ({ label: o.path, digests: o.digests })));
  const kept = plan.keep.map((i) => observations[i]!);
  const profileInputs = profiles.flatMap((p) => p.inputs);
  if (profileInputs.length === 0) {
    const mixed = refuseMixing(
      kept.map((o) => o.identity),
      options.force,
    );
    const union = await foldObservations(
      kept.map((o) => o.path),
      read,
    );
    return {
      kind: 'observation',
      observation: union.result(),
      inputs: observations.length,
      skipped: plan.skipped,
      mixed,
    };
  }
  if (observations.length === 0) {
    const arches = profileInputs.map((p) => ({
      label: p.label,
      images: [],
      arches: profileArches(resolveProfile(p.profile, options.context)),
    }));
    const mixed = refuseMixing(arches, options.force);
    const labels = profileInputs.map((p) => p.label).sort();
    const { profile, widened } = unionProfiles(profileInputs, options.context);
    const [first, ...rest] = profile.syscalls;
    const comment = provenance(
      `seccompose merge of ${labels.length} profile(s), resolved for ${options.context.arch}`,
      labels,
    );
    const withComment = first ? { ...profile, syscalls: [{ ...first, comment }, ...rest] } : profile;
    return { kind: 'profile', profile: withComment, inputs: labels, widened, mixed };
  }
  if (profileInputs.length > 1)
    throw new UsageError(
      `${profileInputs.length} profiles (${profileInputs.map((p) => p.label).join(', ')}) and observations: extend one base profile at a time`,
      {
        hint: 'merge the profiles first (seccompose merge a.json b.json -o base.json), then merge base.json with the observations',
      },
    );
  const base = profileInputs[0]!;
  const union = await foldObservations(
    kept.map((o) => o.path),
    read,
  );
  const merged = union.result();
  const baseIdentity = {
    label: base.label,
    images: [],
    arches: profileArches(resolveProfile(base.profile, options.context)),
  };
  const mixed = refuseMixing([baseIdentity, ...kept.map((o) => o.identity)], options.force);
  const labels = kept.map((o) => o.path).sort();
  const extension = extendProfile(
    base.profile,
    merged,
    options.context,
    provenance('seccompose merge: observed in', labels),
  );
  return { kind: 'extension', base: base.label, extension, inputs: observations.length, mixed };
}
