import { COMPOSE_LABELS } from '../engine/compose.js';
import type { Runner } from '../exec/run.js';

/** What is left of one compose project: its containers, networks and volumes (by compose's project label). */
export interface ProjectRemains {
  containers: { id: string; name: string }[];
  networks: string[];
  volumes: string[];
}

const QUERY_TIMEOUT_MS = 15_000;
const REMOVE_TIMEOUT_MS = 60_000;

/** List a project's remains; undefined when docker could not be asked. */
export async function projectRemains(runner: Runner, project: string): Promise<ProjectRemains | undefined> {
  const filter = ['--filter', `label=${COMPOSE_LABELS.project}=${project}`];
  const lines = async (args: string[]) => {
    const result = await runner
      .run('docker', [...args, ...filter], { timeoutMs: QUERY_TIMEOUT_MS })
      .catch(() => undefined);
    return result?.exitCode === 0 ? result.stdout.split('\n').filter(Boolean) : undefined;
  };
  const containers = await lines(['ps', '--all', '--no-trunc', '--format', '{{.ID}}\t{{.Names}}']);
  const networks = await lines(['network', 'ls', '--format', '{{.Name}}']);
  const volumes = await lines(['volume', 'ls', '--format', '{{.Name}}']);
  if (!containers || !networks || !volumes) return undefined;
  return {
    containers: containers.map((line) => {
      const [id = '', name = ''] = line.split('\t');
      return { id, name };
    }),
    networks: networks.sort(),
    volumes: volumes.sort(),
  };
}

/** Whether nothing of the project is left. */
export function isGone(remains: ProjectRemains): boolean {
  return remains.containers.length + remains.networks.length + remains.volumes.length === 0;
}

/**
 * Remove a project's remains as `down --volumes` would, without its compose files (they may be
 * gone with the temp dir): containers first (a network in use cannot go), then networks, then
 * volumes. Returns why something could not be removed, or undefined.
 */
export async function removeProject(runner: Runner, remains: ProjectRemains): Promise<string | undefined> {
  const steps: string[][] = [
    ...(remains.containers.length > 0 ? [['rm', '--force', '--volumes', ...remains.containers.map((c) => c.id)]] : []),
    ...(remains.networks.length > 0 ? [['network', 'rm', ...remains.networks]] : []),
    ...(remains.volumes.length > 0 ? [['volume', 'rm', '--force', ...remains.volumes]] : []),
  ];
  const failures: string[] = [];
  for (const args of steps) {
    const result = await runner.run('docker', args, { timeoutMs: REMOVE_TIMEOUT_MS });
    if (result.exitCode !== 0)
      failures.push(`docker ${args.slice(0, 2).join(' ')}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
  }
  return failures.length > 0 ? failures.join('; ') : undefined;
}
