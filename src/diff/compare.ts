import { UsageError, withContext } from '../errors.js';
import { DOCKER_DEFAULT_CAPS } from '../kernel/capabilities.js';
import type { SeccompProfile } from '../model/profile.js';
import type { ResolveContext } from '../profile/context.js';
import { resolveProfile } from '../profile/resolve.js';
import { introducedBy } from '../sandbox/introduced-by.js';
import { readSandboxes } from '../sandbox/read.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { summarizeAgainst } from './attack-surface.js';
import { diffPolicies } from './diff.js';
import { HIGH_RISK_SYSCALLS } from './high-risk.js';
import type { AddedRisk, CapabilityDiff, ProfileComparison } from './comparison.js';

/**
 * Load two inputs (profile path, shipped name, `-`, observation, compose file/override; `service`
 * picks one of a compose file's services), resolve both profiles for `context` and compare them,
 * with their capability sets when the inputs carry them.
 */
export async function compareProfiles(
  oldRef: string,
  newRef: string,
  context: ResolveContext,
  service?: string,
): Promise<ProfileComparison> {
  if (oldRef === '-' && newRef === '-') {
    throw new UsageError('both profiles are - but stdin can be read only once', {
      hint: 'pass one of them as a file path or docker-default',
    });
  }
  const oldSandboxes = await readSandboxes(oldRef, context.arch);
  const newSandboxes = await readSandboxes(newRef, context.arch);
  if (service !== undefined && ![...oldSandboxes, ...newSandboxes].some((s) => s.service !== undefined))
    throw new UsageError(`--service ${service} given, but neither ${oldRef} nor ${newRef} is a compose file`, {
      hint: 'drop --service, or pass the compose file or override that defines the service',
    });
  const before = pick(oldSandboxes, oldRef, service);
  const after = pick(newSandboxes, newRef, service);
  const oldPolicy = resolveFor(before.profile, before.label, context);
  const newPolicy = resolveFor(after.profile, after.label, context);
  const diff = diffPolicies(oldPolicy, newPolicy);
  const risky = [...diff.added, ...diff.widened].filter((name) => HIGH_RISK_SYSCALLS.has(name)).sort();
  const risksAdded: AddedRisk[] = [];
  for (const name of risky)
    risksAdded.push({ name, why: HIGH_RISK_SYSCALLS.get(name)!, introducedBy: await introducedBy(name, after) });
  return {
    oldSource: before.label,
    newSource: after.label,
    diff,
    summary: summarizeAgainst(oldPolicy, newPolicy),
    capabilities: diffCapabilities(before.caps, after.caps),
    risksAdded,
    ...startupWarningsOf(before, after),
  };
}

/** generate's warnings about start-up calls an attached recording did not see, for either side built from observations. */
function startupWarningsOf(...sides: Sandbox[]): Pick<ProfileComparison, 'startupWarnings'> {
  const warnings = sides.flatMap((s) => s.generated?.startupWarnings ?? []);
  return warnings.length > 0 ? { startupWarnings: warnings } : {};
}

/** One sandbox of an input: the only one, or the `service` of a compose file. */
function pick(sandboxes: Sandbox[], ref: string, service: string | undefined): Sandbox {
  const services = sandboxes.map((s) => s.service).filter((s) => s !== undefined);
  if (services.length === 0) return sandboxes[0]!;
  if (service !== undefined) {
    const found = sandboxes.find((s) => s.service === service);
    if (found) return found;
    throw new UsageError(`${ref} has no service ${JSON.stringify(service)} (services: ${services.join(', ')})`, {
      hint: 'pass --service with one of those names',
    });
  }
  if (sandboxes.length === 1) return sandboxes[0]!;
  throw new UsageError(`${ref} has ${sandboxes.length} services (${services.join(', ')}): which one to compare?`, {
    hint: `pass --service ${services[0]}`,
  });
}

function diffCapabilities(from: string[] | undefined, to: string[] | undefined): CapabilityDiff | undefined {
  if (from === undefined && to === undefined) return undefined;
  const old = from ?? [...DOCKER_DEFAULT_CAPS];
  const now = to ?? [...DOCKER_DEFAULT_CAPS];
  return {
    from: old,
    to: now,
    added: now.filter((c) => !old.includes(c)),
    removed: old.filter((c) => !now.includes(c)),
    assumedDefault: { old: from === undefined, new: to === undefined },
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
