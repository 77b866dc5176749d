import type { ContainerEngine, ContainerState } from '../engine/docker.js';
import type { DriveTarget } from './drive.js';

/**
 * The environment the exercise command gets for one container: SECCOMPOSE_CONTAINER_ID/_NAME/_IP
 * and, per published port, SECCOMPOSE_PORT_<container port>[_UDP] = the host port (on 127.0.0.1
 * or the binding's address).
 */
export function exerciseEnv(state: ContainerState): Record<string, string> {
  const env: Record<string, string> = {
    SECCOMPOSE_CONTAINER_ID: state.id,
    SECCOMPOSE_CONTAINER_NAME: state.name,
    SECCOMPOSE_CONTAINER_IP: state.ip ?? '',
  };
  for (const p of state.published) {
    const key = `SECCOMPOSE_PORT_${p.containerPort}${p.protocol === 'tcp' ? '' : `_${p.protocol.toUpperCase()}`}`;
    env[key] ??= String(p.hostPort);
  }
  return env;
}

/** A running container as a drive target: its exercise environment and `docker wait` for its exit. */
export function containerTarget(engine: ContainerEngine, state: ContainerState): DriveTarget {
  return { env: exerciseEnv(state), watchExit: (signal) => watchContainers(engine, [state.id], signal) };
}

/** Settles when the first of these containers exits (with which, and its code). */
export function watchContainers(
  engine: ContainerEngine,
  ids: readonly string[],
  signal: AbortSignal,
  label: (id: string) => string = () => '',
): Promise<{ exitCode: number; detail: string }> {
  return Promise.race(
    ids.map(async (id) => {
      const exitCode = await engine.wait(id, signal);
      const who = label(id);
      return { exitCode, detail: `${who ? `${who} ` : ''}exited with code ${exitCode}` };
    }),
  );
}
