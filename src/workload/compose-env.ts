import type { ContainerState } from '../engine/docker.js';
import { envName } from './compose-names.js';

/**
 * The exercise's environment for a compose project: per service (its first container),
 * SECCOMPOSE_<SERVICE>_IP and SECCOMPOSE_<SERVICE>_PORT_<container port>[_UDP] = the host port
 * it is published on. Service names are upper-cased, every other character becomes `_`.
 */
export function composeExerciseEnv(
  project: string,
  byService: ReadonlyMap<string, ContainerState[]>,
): Record<string, string> {
  const env: Record<string, string> = { SECCOMPOSE_PROJECT: project };
  for (const [service, states] of [...byService].sort(([a], [b]) => a.localeCompare(b))) {
    const first = states[0];
    if (!first) continue;
    const key = `SECCOMPOSE_${envName(service)}`;
    env[`${key}_IP`] = first.ip ?? '';
    for (const p of first.published) {
      const port = `${key}_PORT_${p.containerPort}${p.protocol === 'tcp' ? '' : `_${p.protocol.toUpperCase()}`}`;
      env[port] ??= String(p.hostPort);
    }
  }
  return env;
}
