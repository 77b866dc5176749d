import type { ContainerEngine } from '../engine/docker.js';
import { messageOf } from '../errors.js';
import type { Logger } from '../log.js';

/** Remove a container, logging (not throwing) when that fails: cleanup must not hide the real outcome. */
export async function removeContainer(deps: { engine: ContainerEngine; logger: Logger }, id: string): Promise<void> {
  try {
    await deps.engine.remove(id);
  } catch (error) {
    deps.logger.warn(
      { id, error: messageOf(error) },
      `could not remove container ${id}; remove it with \`docker rm -f ${id}\``,
    );
  }
}
