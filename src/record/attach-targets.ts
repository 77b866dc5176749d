import { basename, dirname, resolve } from 'node:path';
import { COMPOSE_LABELS, ComposeProject, findCompose } from '../engine/compose.js';
import type { ContainerEngine, ContainerState } from '../engine/docker.js';
import { EnvironmentError, UsageError } from '../errors.js';
import type { Runner } from '../exec/run.js';
import { parseComposeConfig } from '../workload/compose-config.js';

/** One running container to attach to; for a compose project, which service and replica it is. */
export interface AttachContainer {
  state: ContainerState;
  compose?: { project: string; files: string[]; service: string; replica: number };
}

const LIST_HINT = "list the running ones with: docker ps --format '{{.Names}}'";

/** Inspect each named container; each must exist and be running (exit 2 naming it otherwise). */
export async function namedContainers(engine: ContainerEngine, names: readonly string[]): Promise<AttachContainer[]> {
  const out: AttachContainer[] = [];
  for (const name of names) {
    const state = await engine.inspect(name).catch(() => undefined);
    if (!state) throw new UsageError(`--attach ${name}: there is no such container`, { hint: LIST_HINT });
    if (!state.running || state.pid <= 0)
      throw new UsageError(`--attach ${name}: the container is not running (status ${state.status})`, {
        hint: `attach records containers that run; start it first, or record it from its start with -- docker run ... (${LIST_HINT})`,
      });
    if (out.some((c) => c.state.id === state.id))
      throw new UsageError(`--attach ${name}: the container is named twice`, { hint: 'name each container once' });
    out.push({ state });
  }
  return out;
}

/** What `record -f compose.yaml --attach` selects: the files, the project (-p), the services (--service). */
export interface ComposeSelection {
  files: string[];
  project: string | undefined;
  services: string[];
}

/**
 * The running containers of a compose project: the project named with -p, else compose's own
 * default (COMPOSE_PROJECT_NAME, else the first file's directory name), each selected service's
 * (every service when none is named), in container-number order.
 */
export async function composeContainers(
  runner: Runner,
  engine: ContainerEngine,
  selection: ComposeSelection,
): Promise<AttachContainer[]> {
  const files = selection.files.map((f) => resolve(f));
  const project = selection.project ?? defaultProjectName(files[0]!, process.env.COMPOSE_PROJECT_NAME);
  const cli = await findCompose(runner);
  const services = parseComposeConfig(await new ComposeProject(runner, cli, files, project).config(), files.join(', '));
  for (const name of selection.services)
    if (!services.has(name))
      throw new UsageError(
        `--service ${name}: the project has no such service (services: ${[...services.keys()].join(', ')})`,
      );
  const wanted = selection.services.length > 0 ? selection.services : [...services.keys()];
  const states = await Promise.all(
    (await engine.listByLabel(`${COMPOSE_LABELS.project}=${project}`)).map((id) => engine.inspect(id)),
  );
  const running = states.filter((s) => s.running && s.pid > 0);
  if (running.length === 0)
    throw new UsageError(`compose project ${project} has no running containers`, {
      hint: `start it first (docker-compose -f ${selection.files[0]} -p ${project} up -d), or name the running project with -p (docker ps --format '{{.Label "${COMPOSE_LABELS.project}"}}' lists them)`,
    });
  const number = (s: ContainerState) => Number(s.labels?.[COMPOSE_LABELS.number] ?? 0);
  const picked: AttachContainer[] = [];
  for (const service of wanted) {
    const ofService = running
      .filter((s) => s.labels?.[COMPOSE_LABELS.service] === service)
      .sort((a, b) => number(a) - number(b));
    if (ofService.length === 0 && selection.services.includes(service))
      throw new UsageError(`--service ${service}: no container of it is running in project ${project}`, {
        hint: `start it (docker-compose -p ${project} up -d ${service}) or leave --service ${service} out`,
      });
    for (const [i, state] of ofService.entries())
      picked.push({ state, compose: { project, files, service, replica: number(state) || i + 1 } });
  }
  if (picked.length === 0)
    throw new EnvironmentError(`none of the services of project ${project} has a running container`);
  return picked;
}

/**
 * Compose's default project name: COMPOSE_PROJECT_NAME, else the project directory's name,
 * lower-cased, with every character other than a-z, 0-9, `-` and `_` removed (v1 and v2 alike).
 */
export function defaultProjectName(firstFile: string, fromEnv: string | undefined): string {
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return basename(dirname(resolve(firstFile)))
    .toLowerCase()
    .replace(/[^-_a-z0-9]/g, '');
}
