import { dirname, join } from 'node:path';
import { withContext } from '../errors.js';
import type { Observation } from '../model/observation.js';
import { readObservation } from '../model/read-observation.js';
import type { Sandbox } from './sandbox.js';
import { provenanceLabels } from './provenance.js';

/**
 * Which recording brought `name` into the new side, as a short phrase: the observations that
 * saw it (an observation input, or a generated profile whose provenance files sit next to it),
 * else the recordings the profile says it came from; undefined without provenance.
 */
export async function introducedBy(name: string, sandbox: Sandbox): Promise<string | undefined> {
  if (sandbox.generated !== undefined) {
    const labels = new Set<string>();
    for (const perAbi of Object.values(sandbox.generated.merged.syscalls))
      for (const label of Object.keys(perAbi?.[name]?.sources ?? {})) labels.add(label);
    if (labels.size > 0) return `recorded in ${[...labels].sort().join(', ')}`;
    const runtime = Object.values(sandbox.generated.merged.runtime).some((perAbi) => perAbi?.[name] !== undefined);
    return runtime ? "the container runtime's own set (recorded with the workload)" : undefined;
  }
  const labels = provenanceLabels(sandbox.profile);
  if (labels.length === 0 || sandbox.profilePath === undefined) return undefined;
  const found: string[] = [];
  const viaRuntime: string[] = [];
  let read = 0;
  for (const label of labels) {
    const observation = await readBeside(sandbox.profilePath, label);
    if (observation === undefined) continue;
    read++;
    if (
      sees(
        Object.values(observation.syscalls).map((perAbi) => Object.keys(perAbi ?? {})),
        name,
      )
    )
      found.push(label);
    else if (sees(Object.values(observation.runtime?.syscalls ?? {}), name)) viaRuntime.push(label);
  }
  if (found.length > 0) return `recorded in ${found.join(', ')}`;
  if (viaRuntime.length > 0) return `the container runtime's own set, recorded in ${viaRuntime.join(', ')}`;
  if (read === labels.length) return `in none of ${labels.join(', ')}: added by hand after generate`;
  return `generated from ${labels.join(', ')} (not next to the profile, so which one is not known)`;
}

/** The observation `label` next to the profile; undefined when there is no such file (an unreadable one is an error). */
async function readBeside(profilePath: string, label: string): Promise<Observation | undefined> {
  const path = join(dirname(profilePath), label);
  try {
    return await readObservation(path);
  } catch (error) {
    if (((error as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
    throw withContext(`provenance of ${profilePath}`, error);
  }
}

function sees(names: ReadonlyArray<readonly string[] | undefined>, name: string): boolean {
  return names.some((list) => list?.includes(name));
}
