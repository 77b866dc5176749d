import { fileURLToPath } from 'node:url';
import { readInput } from '../io/read-input.js';
import type { SeccompProfile } from '../model/profile.js';
import { parseProfile } from './read.js';

/** Profiles shipped in the package's profiles/ folder, usable by name wherever a path is accepted. */
export const BUILTIN_PROFILES: readonly string[] = ['docker-default'];

/**
 * Absolute path of a shipped profile. Resolved from this module's URL: src/profile/ (vitest, tsx)
 * and dist/profile/ (the built CLI, npm link, global installs) both sit two levels below the root.
 */
export function builtinProfilePath(name: string): string {
  return fileURLToPath(new URL(`../../profiles/${name}.json`, import.meta.url));
}

/** Profile text and a display name for it: a shipped name, a file path, or `-` for stdin. */
export interface ProfileText {
  text: string;
  /** What messages call the input: the shipped name, the path, or `stdin`. */
  source: string;
}

/** Read a profile's text by shipped name (`docker-default`), path, or `-` (stdin). */
export async function readProfileText(pathOrName: string): Promise<ProfileText> {
  if (BUILTIN_PROFILES.includes(pathOrName)) {
    return { text: await readInput(builtinProfilePath(pathOrName), 'profile'), source: pathOrName };
  }
  return { text: await readInput(pathOrName, 'profile'), source: pathOrName === '-' ? 'stdin' : pathOrName };
}

/** Load and normalize a profile by shipped name, path or `-`. Throws InputError on unreadable or invalid input. */
export async function loadProfile(
  pathOrName: string,
): Promise<{ profile: SeccompProfile; source: string; text: string }> {
  const { text, source } = await readProfileText(pathOrName);
  return { profile: parseProfile(text, source), source, text };
}
