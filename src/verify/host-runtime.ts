import { EnvironmentError, SETUP_COMMAND } from '../errors.js';
import type { Runner } from '../exec/run.js';

/** OCI runtimes verify can run host commands with, in order of preference. */
export const HOST_RUNTIMES = ['runc', 'crun'] as const;

/** The first installed OCI runtime (`runc --version` answers), or exit 3 with a hint. */
export async function findHostRuntime(runner: Runner, signal: AbortSignal): Promise<string> {
  for (const runtime of HOST_RUNTIMES) {
    const probe = await runner.run(runtime, ['--version'], { timeoutMs: 15_000, signal }).catch(() => undefined);
    if (probe && probe.exitCode === 0) return runtime;
  }
  throw new EnvironmentError('verifying a host command needs an OCI runtime (runc or crun), and neither is installed', {
    hint: `install one (\`apt-get install runc\` or \`${SETUP_COMMAND}\`), or verify the workload in a container: -- docker run ...`,
  });
}

/** Mount points at or under `dir` in this process's mount namespace (a leaked bundle mount). */
export function mountsUnder(mountinfo: string, dir: string): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point === dir || point.startsWith(prefix));
}
