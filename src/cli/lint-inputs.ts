import { readFile } from 'node:fs/promises';
import type { ExpandedPath } from '../io/expand-paths.js';
import { OBSERVATION_KIND } from '../model/observation.js';

/**
 * Split expanded inputs into profiles and the observation files (`"kind": "seccompose/observation"`)
 * a directory or glob picked up: recordings often sit next to the profile generated from them,
 * and a profile linter has nothing to say about them. Files named as is are always profiles.
 */
export async function separateObservations(
  inputs: readonly ExpandedPath[],
): Promise<{ profiles: string[]; observations: string[] }> {
  const profiles: string[] = [];
  const observations: string[] = [];
  for (const input of inputs) {
    if (input.expanded && (await isObservationFile(input.path))) observations.push(input.path);
    else profiles.push(input.path);
  }
  return { profiles, observations };
}

async function isObservationFile(path: string): Promise<boolean> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as { kind?: unknown } | null;
    return typeof data === 'object' && data !== null && data.kind === OBSERVATION_KIND;
  } catch {
    return false; // not JSON: lint reports it as invalid-json
  }
}
