import { UsageError, withContext } from '../errors.js';
import type { SeccompProfile } from '../model/profile.js';
import { summarizeAgainst, type AttackSurfaceSummary } from './attack-surface.js';
import type { ResolveContext } from '../profile/context.js';
import { diffPolicies, type PolicyDiff } from './diff.js';
import { loadProfile } from '../profile/load.js';
import { resolveProfile } from '../profile/resolve.js';

/** The result of `seccompose diff`: where the profiles came from, what changed, and the surface summary. */
export interface ProfileComparison {
  oldSource: string;
  newSource: string;
  diff: PolicyDiff;
  summary: AttackSurfaceSummary;
}

/** Load two profiles (path, shipped name or `-`), resolve both for `context` and compare them. */
export async function compareProfiles(
  oldRef: string,
  newRef: string,
  context: ResolveContext,
): Promise<ProfileComparison> {
  if (oldRef === '-' && newRef === '-') {
    throw new UsageError('both profiles are - but stdin can be read only once', {
      hint: 'pass one of them as a file path or docker-default',
    });
  }
  const before = await loadProfile(oldRef);
  const after = await loadProfile(newRef);
  const oldPolicy = resolveFor(before.profile, before.source, context);
  const newPolicy = resolveFor(after.profile, after.source, context);
  return {
    oldSource: before.source,
    newSource: after.source,
    diff: diffPolicies(oldPolicy, newPolicy),
    summary: summarizeAgainst(oldPolicy, newPolicy),
  };
}

function resolveFor(
  profile: SeccompProfile,
  source: string,
  context: ResolveContext,
): ReturnType<typeof resolveProfile> {
  try {
    return resolveProfile(profile, context);
  } catch (error) {
    throw withContext(`resolve ${source}`, error);
  }
}
