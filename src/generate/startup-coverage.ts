import type { LabelledObservation } from '../observation/merge.js';
import { startupCommand } from '../observation/startup.js';

/**
 * Start-up calls a profile may lack: an observation recorded by `record --attach` saw the
 * container only from the attach on. A recording of the same image that started the container
 * (not attached) covers it; every attached observation without one gives a warning.
 */
export function startupWarnings(inputs: readonly LabelledObservation[]): string[] {
  const started = new Set(
    inputs.flatMap(({ observation: o }) =>
      o.workload.kind === 'container' && !o.workload.attached ? [o.workload.image] : [],
    ),
  );
  const warnings: string[] = [];
  for (const { label, observation: o } of inputs) {
    if (o.workload.kind !== 'container' || !o.workload.attached || started.has(o.workload.image)) continue;
    const { container, at } = o.workload.attached;
    const how = startupCommand(o.workload.image, o.workload.compose);
    warnings.push(
      `${label} was recorded by attaching to the running container ${container} at ${at}: the start-up syscalls of ${o.workload.image} were not seen, so the profile may lack them and the container may not start under it; add a recording that starts it (${how}) to the observations`,
    );
  }
  return warnings.sort();
}
