import { basename, resolve } from 'node:path';
import { parse } from 'yaml';
import { InputError, messageOf, withContext } from '../errors.js';
import { generateProfile } from '../generate/generate.js';
import type { SeccompArch } from '../model/profile.js';
import { OBSERVATION_KIND } from '../model/observation.js';
import { parseObservation } from '../model/read-observation.js';
import { BUILTIN_PROFILES, loadProfile, readProfileText } from '../profile/load.js';
import { parseProfile } from '../profile/read.js';
import { readServices } from './compose.js';
import type { Sandbox } from './sandbox.js';

/**
 * Read one input as the sandboxes it describes: a profile (path, shipped name or `-`) is one
 * sandbox without capabilities; an observation is the profile `generate` would build from it
 * plus the capabilities it needs; a compose file or override is one sandbox per service.
 * `native` is the daemon arch an observation's profile is built for.
 */
export async function readSandboxes(ref: string, native: SeccompArch): Promise<Sandbox[]> {
  const { text, source } = await readProfileText(ref);
  const json = parseJson(text);
  if (isObservation(json)) return [observationSandbox(text, source, native)];
  if (json === undefined && /\.ya?ml$/i.test(ref)) {
    const services = composeServices(text, source);
    if (services !== undefined) return services;
  }
  const isFile = ref !== '-' && !BUILTIN_PROFILES.includes(ref);
  return [
    {
      label: source,
      kind: 'profile',
      profile: parseProfile(text, source),
      profilePath: isFile ? resolve(ref) : undefined,
      caps: undefined,
    },
  ];
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

function observationSandbox(text: string, source: string, native: SeccompArch): Sandbox {
  const observation = parseObservation(text, source);
  const label = source === 'stdin' ? 'stdin' : basename(source);
  try {
    const generated = generateProfile([{ label, observation }], {
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: 1,
      includeBlocked: false,
      runtimeSyscalls: true,
      allowPartial: true,
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
  } catch (error) {
    throw new InputError(`${source}: not valid YAML: ${messageOf(error)}`, { cause: error });
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
      };
    }),
  );
}
