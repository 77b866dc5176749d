import { EnvironmentError, ExitCode, ToolError } from '../errors.js';
import { describeFailure, throwIfCancelled, type Runner, type RunResult } from '../exec/run.js';
import { holdResource, releaseResource, type Resource } from '../state/registry.js';
import type { ContainerEngine, ContainerState } from './docker.js';

/** The compose implementation found on this machine: `docker compose` (v2) or `docker-compose` (v1). */
export interface ComposeCli {
  kind: 'v1' | 'v2';
  /** The program and the words before the global flags: `docker compose` or `docker-compose`. */
  command: string[];
  version: string;
}

/** Compose's own labels on the containers it creates. */
export const COMPOSE_LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
} as const;

const INSTALL_HINT =
  'install Compose: `apt-get install -y docker-compose` (v1, Debian) or the docker-compose-plugin (v2); `bash scripts/setup` installs v1';
const PROBE_TIMEOUT_MS = 30_000;
/** `up` pulls nothing (--no-build, local images) but waits for healthy dependencies. */
const UP_TIMEOUT_MS = 10 * 60_000;

/** Find the compose implementation: v2 when `docker compose version` answers, else v1. */
export async function findCompose(runner: Runner): Promise<ComposeCli> {
  const v2 = await runner.run('docker', ['compose', 'version', '--short'], { timeoutMs: PROBE_TIMEOUT_MS });
  if (v2.exitCode === 0 && /^v?\d/.test(v2.stdout.trim()))
    return { kind: 'v2', command: ['docker', 'compose'], version: v2.stdout.trim() };
  const v1 = await runner
    .run('docker-compose', ['version', '--short'], { timeoutMs: PROBE_TIMEOUT_MS })
    .catch(() => undefined);
  if (v1 && v1.exitCode === 0 && /^\d/.test(v1.stdout.trim()))
    return { kind: 'v1', command: ['docker-compose'], version: v1.stdout.trim() };
  throw new EnvironmentError('neither `docker compose` (v2) nor `docker-compose` (v1) is installed', {
    hint: INSTALL_HINT,
  });
}

/**
 * One compose project: the files, the project name, and the commands seccompose runs on it. It is
 * written down in the state registry from `up` until a `down` succeeded, so that `seccompose
 * cleanup` removes its containers, networks and volumes when seccompose dies in between.
 */
export class ComposeProject {
  private held: Resource | undefined;

  constructor(
    private readonly runner: Runner,
    readonly cli: ComposeCli,
    readonly files: readonly string[],
    readonly name: string,
    /** Where relative paths resolve (default: the first file's directory, as compose does). */
    readonly projectDirectory?: string,
  ) {}

  /** The full argument list of a compose command (after the program). */
  args(...rest: string[]): string[] {
    const dir = this.projectDirectory ? ['--project-directory', this.projectDirectory] : [];
    return [...this.cli.command.slice(1), ...this.files.flatMap((f) => ['-f', f]), ...dir, '-p', this.name, ...rest];
  }

  /** The program to run (`docker` or `docker-compose`). */
  get program(): string {
    return this.cli.command[0]!;
  }

  /** The merged, interpolated configuration (`config`), as YAML text. */
  async config(): Promise<string> {
    return this.ok(['config'], 'read the compose configuration', PROBE_TIMEOUT_MS);
  }

  /** Create and start every service, detached, from local images only. */
  async up(signal: AbortSignal): Promise<void> {
    if (!this.held) {
      this.held = { kind: 'compose-project', name: this.name };
      await holdResource(this.held);
    }
    const result = await this.run(['up', '--detach', '--no-build', '--no-color'], UP_TIMEOUT_MS, signal);
    throwIfCancelled(result);
    if (result.exitCode !== 0)
      throw new ToolError(`compose up failed: ${describeFailure(result)}`, ExitCode.environment, {
        hint: 'check that the project starts with `docker-compose up` (images present locally: seccompose does not pull or build)',
      });
  }

  /** Stop every service: SIGTERM (or its stop_signal), SIGKILL after `graceS`. */
  async stop(graceS: number): Promise<void> {
    await this.ok(['stop', '--timeout', String(graceS)], 'stop the project', (graceS + 60) * 1000);
  }

  /** The words that remove the project (containers, networks, its volumes). */
  downArgs(graceS: number): string[] {
    return this.args('down', '--volumes', '--remove-orphans', '--timeout', String(graceS));
  }

  /** Remove the project; failure is returned (cleanup must not hide the real outcome). */
  async down(graceS: number): Promise<RunResult> {
    const result = await this.runner.run(this.program, this.downArgs(graceS), { timeoutMs: (graceS + 120) * 1000 });
    if (result.exitCode === 0 && this.held) {
      await releaseResource(this.held);
      this.held = undefined;
    }
    return result;
  }

  private run(rest: string[], timeoutMs: number, signal?: AbortSignal): Promise<RunResult> {
    return this.runner.run(this.program, this.args(...rest), { timeoutMs, signal });
  }

  private async ok(rest: string[], what: string, timeoutMs: number): Promise<string> {
    const result = await this.run(rest, timeoutMs);
    if (result.exitCode !== 0)
      throw new ToolError(`cannot ${what}: ${describeFailure(result)}`, ExitCode.environment, { hint: INSTALL_HINT });
    return result.stdout;
  }
}

/** A compose project's containers by service (compose's labels), each service's in container-number order. */
export async function projectContainers(
  engine: ContainerEngine,
  project: string,
): Promise<Map<string, ContainerState[]>> {
  const states = await Promise.all(
    (await engine.listByLabel(`${COMPOSE_LABELS.project}=${project}`)).map((id) => engine.inspect(id)),
  );
  const byService = new Map<string, ContainerState[]>();
  const number = (s: ContainerState) => Number(s.labels?.[COMPOSE_LABELS.number] ?? 0);
  for (const state of states.sort((a, b) => number(a) - number(b))) {
    const service = state.labels?.[COMPOSE_LABELS.service] ?? '';
    byService.set(service, [...(byService.get(service) ?? []), state]);
  }
  return byService;
}
