import { InputError } from '../errors.js';
import { packagePath } from '../package-files.js';
import { readInput } from '../io/read-input.js';
import type { SeccompProfile } from '../model/profile.js';
import { stableJson } from '../model/stable-order.js';
import { parseProfile } from './read.js';
import { objectLabel, profilesOfStream, selectSpoProfile } from './spo-profile.js';
import { isKubernetesText, parseSpoStream } from './spo-stream.js';

/** Profiles shipped in the package's profiles/ folder, usable by name wherever a path is accepted. */
export const BUILTIN_PROFILES: readonly string[] = ['docker-default'];

/** Absolute path of a shipped profile. */
export function builtinProfilePath(name: string): string {
  return packagePath(`profiles/${name}.json`);
}

/** Profile text and a display name for it: a shipped name, a file path, or `-` for stdin. */
export interface ProfileText {
  text: string;
  /** What messages call the input: the shipped name, the path, or `stdin`. */
  source: string;
  /** `#NAME` after the path: which SeccompProfile of a Kubernetes stream is meant. */
  selector?: string;
}

/** One loaded profile: normalized, named, and as text Docker reads (`--security-opt seccomp=`). */
export interface LoadedProfile {
  profile: SeccompProfile;
  /** The input as messages name it (`file.yaml#name` for a SeccompProfile object). */
  source: string;
  /** Docker/moby JSON: the file's own text, or the SeccompProfile's profile written out. */
  text: string;
}

/** `cluster.yaml#web` → path and selector; candidates in order: the whole name first (a file may contain #). */
function selectorSplits(ref: string): { path: string; selector?: string }[] {
  const at = ref.lastIndexOf('#');
  if (at <= 0 || at === ref.length - 1) return [{ path: ref }];
  return [{ path: ref }, { path: ref.slice(0, at), selector: ref.slice(at + 1) }];
}

function isMissingFile(error: unknown): boolean {
  return error instanceof InputError && (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Read a profile's text by shipped name (`docker-default`), path, or `-` (stdin), with an optional `#NAME`. */
export async function readProfileText(pathOrName: string): Promise<ProfileText> {
  if (BUILTIN_PROFILES.includes(pathOrName)) {
    return { text: await readInput(builtinProfilePath(pathOrName), 'profile'), source: pathOrName };
  }
  const [whole, split] = selectorSplits(pathOrName);
  let text: string;
  let { path, selector } = whole!;
  try {
    text = await readInput(path, 'profile');
  } catch (error) {
    if (split === undefined || !isMissingFile(error)) throw error;
    ({ path, selector } = split);
    text = await readInput(path, 'profile');
  }
  return { text, source: path === '-' ? 'stdin' : path, ...(selector === undefined ? {} : { selector }) };
}

/** A Docker profile's text as is; a Kubernetes stream's chosen objects as the profiles they install. */
async function readProfiles(pathOrName: string, one: boolean): Promise<LoadedProfile[]> {
  return profilesOfText(await readProfileText(pathOrName), one);
}

/** The profiles of text already read (`one`: the `#NAME` object or the only one), for inputs read once (stdin). */
export function profilesOfText({ text, source, selector }: ProfileText, one: boolean): LoadedProfile[] {
  if (!isKubernetesText(text)) {
    if (selector !== undefined)
      throw new InputError(`${source} is a Docker profile, not a Kubernetes stream: #${selector} selects nothing`, {
        hint: 'drop the #NAME suffix; it picks one SeccompProfile of a YAML stream',
      });
    return [{ profile: parseProfile(text, source), source, text }];
  }
  const all = profilesOfStream(parseSpoStream(text, source), source);
  const chosen = selector !== undefined || one ? [selectSpoProfile(all, source, selector)] : all;
  return chosen.map(({ object, profile }) => ({
    profile,
    source: objectLabel(source, object),
    text: stableJson(profile),
  }));
}

/**
 * Every profile an input holds: one for a Docker profile; one per SeccompProfile object for a
 * Kubernetes YAML/JSON stream (one object, `---` documents, or a `List`), or the `#NAME` one.
 */
export async function loadProfiles(pathOrName: string): Promise<LoadedProfile[]> {
  return readProfiles(pathOrName, false);
}

/** Load and normalize one profile by shipped name, path (`file.yaml#name` for one object of a stream) or `-`. */
export async function loadProfile(pathOrName: string): Promise<LoadedProfile> {
  return (await readProfiles(pathOrName, true))[0]!;
}
