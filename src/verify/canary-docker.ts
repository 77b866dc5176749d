import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerEngine } from '../engine/docker.js';
import { RECORDING_LABEL, type DockerRunSpec } from '../engine/run-args.js';
import { throwIfCancelled, type Runner } from '../exec/run.js';
import type { Logger } from '../log.js';
import { removeContainer } from '../workload/remove.js';
import { buildCanaryElf } from './canary-elf.js';
import type { CanaryRun } from './canary.js';
import { CANARY_PATH } from './enforce-args.js';
import { OWNER_LABEL, ownTag } from '../state/owner.js';
import { replayName } from '../workload/names.js';

const EXEC_TIMEOUT_MS = 30_000;
const GONE = /is not running|No such container|is restarting/i;

/** Write the canary ELF for syscall `nr` into `dir` (0755, read by the daemon for the bind mount). */
export async function writeCanary(dir: string, nr: number): Promise<string> {
  const path = join(dir, 'canary');
  await writeFile(path, buildCanaryElf(nr), { mode: 0o755 });
  return path;
}

interface CanaryDeps {
  engine: ContainerEngine;
  runner: Runner;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * Run the mounted canary in the workload's container with `docker exec` (it gets the same
 * filter, capabilities and no-new-privileges). When the workload has already exited, run it as
 * the entrypoint of a separate container with the same sandbox options and image instead.
 */
export async function runCanaryInContainer(
  id: string,
  plan: { spec: DockerRunSpec; sandbox: string[] },
  deps: CanaryDeps,
): Promise<CanaryRun> {
  const result = await deps.runner.run('docker', ['exec', id, CANARY_PATH], {
    signal: deps.signal,
    timeoutMs: EXEC_TIMEOUT_MS,
  });
  throwIfCancelled(result);
  if (GONE.test(result.stderr)) return runCanaryContainer(plan, deps);
  if (/OCI runtime exec failed|Error response from daemon/i.test(result.stderr) || result.exitCode === undefined) {
    return { ran: false, why: `docker exec failed: ${result.stderr.trim().split('\n')[0] ?? 'no output'}` };
  }
  return { ran: true, exitCode: result.exitCode, where: 'in the workload container (docker exec)' };
}

async function runCanaryContainer(
  plan: { spec: DockerRunSpec; sandbox: string[] },
  deps: CanaryDeps,
): Promise<CanaryRun> {
  const name = replayName();
  const runtime = plan.spec.runtime ? ['--runtime', plan.spec.runtime] : [];
  const args = [
    'run',
    '--detach',
    '--name',
    name,
    '--label',
    `${RECORDING_LABEL}=1`,
    '--label',
    `${OWNER_LABEL}=${ownTag()}`,
    ...plan.sandbox,
    ...runtime,
    '--entrypoint',
    CANARY_PATH,
    plan.spec.image,
  ];
  let id: string | undefined;
  try {
    id = await deps.engine.runDetached(args, deps.signal);
    const exitCode = await deps.engine.wait(id, deps.signal);
    return {
      ran: true,
      exitCode,
      where: 'in a separate container with the same profile (the workload had already exited)',
    };
  } catch (error) {
    if (deps.signal.aborted) throw error;
    return { ran: false, why: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  } finally {
    await removeContainer(deps, id ?? name);
  }
}
