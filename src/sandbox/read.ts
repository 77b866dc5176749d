import { basename, resolve } from 'node:path';
import { parse } from 'yaml';
import { UsageError, withContext } from '../errors.js';
import { generateProfile } from '../generate/generate.js';
import type { LabelledObservation } from '../observation/merge.js';
import type { SeccompArch } from '../model/profile.js';
import { OBSERVATION_KIND } from '../model/observation.js';
import { parseObservation } from '../model/read-observation.js';
import { BUILTIN_PROFILES, loadProfile, profilesOfText, readProfileText } from '../profile/load.js';
import { readServices } from './compose.js';
import type { Sandbox } from './sandbox.js';

type ReadInput =
  | { kind: 'observation'; input: LabelledObservation; source: string }
  | { kind: 'sandboxes'; list: Sandbox[] };

/**
 * Read one input as the sandboxes it describes: a profile (path, shipped name or `-`) is one
 * sandbox without capabilities; an observation is the profile `generate` would build from it
 * plus the capabilities it needs; a compose file or override is one sandbox per service.
 * `native` is the daemon arch an observation's profile is built for.
 */
export async function readSandboxes(ref: string, native: SeccompArch): Promise<Sandbox[]> {
  const read = await readOne(ref);
  return read.kind === 'sandboxes' ? read.list : [observationSandbox([read.input], read.source, native)];
}

/**
 * Read several inputs; every observation among them goes into one sandbox (their union, as
 * `generate` merges them), placed where the first observation was.
 */
export async function readSandboxesMerged(refs: readonly string[], native: SeccompArch): Promise<Sandbox[]> {
  if (refs.filter((r) => r === '-').length > 1)
    throw new UsageError('stdin (-) can be read only once', { hint: 'pass - once' });
  const reads: ReadInput[] = [];
  for (const ref of refs) reads.push(await readOne(ref));
  const observations = reads.flatMap((r) => (r.kind === 'observation' ? [r] : []));
  const out: Sandbox[] = [];
  for (const read of reads) {
    if (read.kind === 'sandboxes') out.push(...read.list);
    else if (read === observations[0])
      out.push(
        observationSandbox(
          observations.map((o) => o.input),
          observations.map((o) => o.source).join(', '),
          native,
        ),
      );
  }
  return out;
}

async function readOne(ref: string): Promise<ReadInput> {
  const read = await readProfileText(ref);
  const { text, source } = read;
  const json = parseJson(text);
  if (isObservation(json)) {
    const label = source === 'stdin' ? 'stdin' : basename(source);
    return { kind: 'observation', input: { label, observation: parseObservation(text, source) }, source };
  }
  if (json === undefined && /\.ya?ml$/i.test(ref)) {
    const services = composeServices(text, source);
    if (services !== undefined) return { kind: 'sandboxes', list: await services };
  }
  const isFile = ref !== '-' && !BUILTIN_PROFILES.includes(ref);
  const [loaded] = profilesOfText(read, true);
  const profilePath = isFile ? resolve(read.source) : undefined;
  return {
    kind: 'sandboxes',
    list: [{ label: loaded!.source, kind: 'profile', profile: loaded!.profile, profilePath, caps: undefined }],
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObservation(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === OBSERVATION_KIND;
}

function observationSandbox(inputs: LabelledObservation[], source: string, native: SeccompArch): Sandbox {
  try {
    const generated = generateProfile(inputs, {
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: 1,
      includeBlocked: false,
      runtimeSyscalls: true,
      allowPartial: true,
      allowLossy: true,
      native,
    });
    return {
      label: source,
      kind: 'observation',
      profile: generated.profile,
      profilePath: undefined,
      caps: generated.capAdd,
      generated,
    };
  } catch (error) {
    throw withContext(`observation ${source}`, error);
  }
}

/** A YAML document with `services:` is a compose file; anything else is left to the profile reader. */
function composeServices(text: string, source: string): Promise<Sandbox[]> | undefined {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return undefined; // a multi-document stream (SPO objects) or broken YAML: the profile reader says which
  }
  if (typeof doc !== 'object' || doc === null || !('services' in doc)) return undefined;
  return Promise.all(
    readServices(doc, source).map(async (service) => {
      const loaded = await loadProfile(service.profile);
      return {
        label: `${source} service ${service.service}`,
        kind: 'compose' as const,
        profile: loaded.profile,
        profilePath: service.profile === 'docker-default' ? undefined : service.profile,
        caps: service.caps,
        service: service.service,
        composeFile: source,
      };
    }),
  );
}
