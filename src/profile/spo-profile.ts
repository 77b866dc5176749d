import { InputError } from '../errors.js';
import type { SeccompProfile } from '../model/profile.js';
import { checkProfileText } from './read.js';
import type { SpoObject, SpoStream } from './spo-stream.js';

/** spec fields the operator reads itself; a Docker/moby profile has no such fields. */
export const SPO_ONLY_FIELDS: readonly string[] = ['state', 'baseProfileName'];
/** The operator's own limit on nested base profiles (SPO resolveSyscallsForProfile maxLevel). */
const MAX_BASE_LEVELS = 15;
const OCI_PREFIX = 'oci://';

/** A SeccompProfile read back as the Docker profile it installs, with the object it came from. */
export interface SpoProfile {
  object: SpoObject;
  profile: SeccompProfile;
}

/** The object's spec without the operator-only fields: the Docker/moby profile as written. */
export function dockerSpecOf(object: SpoObject): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object.spec).filter(([key]) => !SPO_ONLY_FIELDS.includes(key)));
}

/** How messages name one object of a stream: `file.yaml#name`. */
export function objectLabel(source: string, object: SpoObject): string {
  return `${source}#${object.name}`;
}

function parseSpec(stream: SpoStream, object: SpoObject, source: string): SeccompProfile {
  const { profile, problems } = checkProfileText(JSON.stringify(dockerSpecOf(object)));
  const first = problems[0];
  if (profile !== undefined && first === undefined) return profile;
  const where = first ? stream.locate(object, first.pointer) : stream.locate(object, '');
  const pointer = `/${object.specPath.join('/')}${first?.pointer ?? ''}`;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new InputError(
    `${objectLabel(source, object)}: invalid profile at ${pointer} (${where.line}:${where.column}): ${first?.message ?? 'not a seccomp profile'}${more}`,
    { hint: `run \`seccompose lint ${source === 'stdin' ? '-' : source}\` for every problem with its fix` },
  );
}

/**
 * The syscall rules a profile installs once its `baseProfileName` chain is unioned in, as the
 * operator does (util.UnionSyscalls: the base's rules, then the profile's). Bases are looked up
 * in the same stream; a base only in the cluster or in an OCI registry cannot be read here.
 */
function withBases(
  object: SpoObject,
  parsed: ReadonlyMap<SpoObject, SeccompProfile>,
  stream: SpoStream,
  source: string,
): SeccompProfile {
  const own = parsed.get(object)!;
  const rules = [...own.syscalls];
  let current = object;
  for (let level = 0; typeof current.spec.baseProfileName === 'string'; level += 1) {
    const baseName = current.spec.baseProfileName;
    if (level >= MAX_BASE_LEVELS)
      throw new InputError(`${objectLabel(source, object)}: more than ${MAX_BASE_LEVELS} nested base profiles`, {
        hint: 'the operator refuses this too; check spec.baseProfileName for a cycle',
      });
    const base = stream.objects.find((o) => o.name === baseName && o.namespace === current.namespace);
    if (base === undefined) {
      const fix = baseName.startsWith(OCI_PREFIX)
        ? 'seccompose does not pull OCI artifacts; save the base as YAML and put it in the same file'
        : `add it to the same file: kubectl get seccompprofile ${baseName} -o yaml`;
      throw new InputError(
        `${objectLabel(source, object)}: spec.baseProfileName ${JSON.stringify(baseName)} is not in ${source}, so the profile's full rule set is unknown`,
        { hint: fix },
      );
    }
    rules.unshift(...parsed.get(base)!.syscalls);
    current = base;
  }
  return { ...own, syscalls: rules };
}

/** Every SeccompProfile of a stream as the Docker profile the operator installs for it. */
export function profilesOfStream(stream: SpoStream, source: string): SpoProfile[] {
  const parsed = new Map(stream.objects.map((object) => [object, parseSpec(stream, object, source)] as const));
  return stream.objects.map((object) => ({ object, profile: withBases(object, parsed, stream, source) }));
}

/** The one profile `selector` names (or the only one in the stream). */
export function selectSpoProfile(profiles: readonly SpoProfile[], source: string, selector?: string): SpoProfile {
  const names = profiles.map((p) => p.object.name);
  if (selector !== undefined) {
    const found = profiles.find((p) => p.object.name === selector);
    if (found) return found;
    throw new InputError(`${source} has no SeccompProfile named ${JSON.stringify(selector)}`, {
      hint: `it holds: ${names.join(', ')}`,
    });
  }
  if (profiles.length === 1) return profiles[0]!;
  throw new InputError(`${source} holds ${profiles.length} SeccompProfiles (${names.join(', ')}); name one`, {
    hint: `append #NAME to the path, e.g. ${source === 'stdin' ? '-' : source}#${names[0]}`,
  });
}
