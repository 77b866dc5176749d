import type { Observation } from '../model/observation.js';
import { ObservationUnion } from '../observation/union.js';
import type { ServiceRecording } from './compose-observation.js';

/** One service's observation: all its replicas' recordings in one. */
export interface ServiceObservation {
  service: string;
  observation: Observation;
}

type Writes = NonNullable<Observation['writes']>;

/**
 * One observation per service: a single container's as it is, several replicas' merged (sums of
 * calls, unions of names, values and ports; complete only if each one is; the longest run's
 * duration, since they ran side by side; the directories any of them wrote to). The workload is
 * the first replica's, with `compose.containers` listing every container the evidence came from.
 */
export function mergeReplicas(recordings: readonly ServiceRecording[]): ServiceObservation[] {
  const byService = new Map<string, ServiceRecording[]>();
  for (const r of recordings) byService.set(r.service, [...(byService.get(r.service) ?? []), r]);
  return [...byService].map(([service, list]) => {
    const sorted = [...list].sort((a, b) => a.replica - b.replica);
    const containers = sorted.map((r) => ({ replica: r.replica, ...r.container }));
    const first = sorted[0]!.observation;
    let observation: Observation = first;
    if (sorted.length > 1) {
      const union = new ObservationUnion();
      for (const r of sorted) union.add(r.observation, `${service} replica ${r.replica}`);
      const writes = mergeWrites(sorted.map((r) => r.observation.writes));
      observation = {
        ...union.result(),
        workload: first.workload,
        durationMs: Math.max(...sorted.map((r) => r.observation.durationMs)),
        ...(writes ? { writes } : {}),
      };
    }
    const workload = observation.workload;
    if (workload.kind === 'container' && workload.compose)
      observation = { ...observation, workload: { ...workload, compose: { ...workload.compose, containers } } };
    return { service, observation };
  });
}

/** The directories any replica wrote to (a tmpfs must cover them all); undefined if one replica's are unknown. */
function mergeWrites(all: readonly (Writes | undefined)[]): Writes | undefined {
  if (all.some((w) => w === undefined)) return undefined;
  const dirs = new Map<string, number>();
  const modified = new Set<string>();
  for (const w of all as Writes[]) {
    for (const d of w.dirs) dirs.set(d.path, Math.max(dirs.get(d.path) ?? 0, d.imageEntries));
    for (const f of w.modifiedImageFiles) modified.add(f);
  }
  return {
    source: all[0]!.source,
    dirs: [...dirs].sort(([a], [b]) => a.localeCompare(b)).map(([path, imageEntries]) => ({ path, imageEntries })),
    modifiedImageFiles: [...modified].sort(),
  };
}
