import { EnvironmentError, InputError, SETUP_COMMAND } from '../errors.js';
import { describeFailure, throwIfCancelled, type Runner, type RunResult } from '../exec/run.js';
import { probeTool } from '../exec/probe.js';
import { parseInspect, type ContainerState } from './inspect.js';

export type { ContainerState, PortBinding } from './inspect.js';

/** What `docker info` says about the engine. */
export interface EngineInfo {
  serverVersion: string;
  defaultRuntime: string;
  /** Registered runtimes by name (runc, crun, ...) with their binary path. */
  runtimes: Record<string, { path: string }>;
  securityOptions: string[];
}

/** The container engine as the orchestrator uses it; `DockerEngine` is the real one, tests pass fakes. */
export interface ContainerEngine {
  info(): Promise<EngineInfo>;
  /** Version of a registered runtime (`runc` → 1.1.5+ds1). */
  runtimeVersion(info: EngineInfo, runtime: string): Promise<string>;
  imageExists(image: string): Promise<boolean>;
  /** `docker <args>` where args start with `run --detach`; returns the container id. */
  runDetached(args: readonly string[], signal?: AbortSignal): Promise<string>;
  inspect(id: string): Promise<ContainerState>;
  /** Wait for the container to exit; returns its exit code. */
  wait(id: string, signal?: AbortSignal): Promise<number>;
  /** SIGTERM (or the container's stop signal), SIGKILL after `graceSeconds`. */
  stop(id: string, graceSeconds: number): Promise<void>;
  kill(id: string, signal?: string): Promise<void>;
  /** Remove the container and its anonymous volumes; a missing container is not an error. */
  remove(id: string): Promise<void>;
  logs(id: string, tail?: number): Promise<string>;
  /** Ids of all containers (running or not) carrying `label` (`key` or `key=value`). */
  listByLabel(label: string): Promise<string[]>;
}

const ENGINE_HINT = `start the engine with \`${SETUP_COMMAND}\` (as root), or \`dockerd >/var/log/dockerd.log 2>&1 &\``;
const UNREACHABLE =
  /Cannot connect to the Docker daemon|permission denied while trying to connect|error during connect/i;
const NO_CONTAINER = /No such container|No such object/i;
/**
 * Lines of `docker run`'s stderr that mean the OCI runtime could not start the container's process.
 * "cannot start a stopped process": containerd's word when runc's init died before the exec, as it
 * does under a profile that denies what init needs (engine 20.10, runc 1.1).
 */
const RUNTIME_START_FAILURE =
  /OCI runtime|starting container process|failed to create shim|cannot start a stopped process/i;
const RUN_HINT = 'check the docker run arguments; the command above is what seccompose ran';

/** `docker run` failed: the engine refused the arguments, or could not reach the image or daemon. Exit 3. */
export class DockerRunError extends EnvironmentError {}

/**
 * The engine created the container but the OCI runtime could not start its process (under a
 * seccomp profile: the profile denies what runc or crun needs). Verify reports it as a fact.
 */
export class ContainerStartError extends DockerRunError {
  /** The runtime's own lines of the failure (at most 3), e.g. `OCI runtime create failed: ...`. */
  readonly detail: string;
  constructor(message: string, detail: string) {
    super(message, { hint: RUN_HINT });
    this.detail = detail;
  }
}

/** The error `docker run` stands for: a runtime start failure, or any other refusal. */
export function dockerRunFailure(result: RunResult): DockerRunError {
  const message = `docker run failed: ${describeFailure(result)}`;
  const detail = result.stderr
    .split('\n')
    .filter((line) => RUNTIME_START_FAILURE.test(line))
    .slice(0, 3)
    .join(' ')
    .trim();
  if (detail !== '') return new ContainerStartError(message, detail);
  if (UNREACHABLE.test(result.stderr)) {
    return new DockerRunError(`docker run failed: the Docker engine is not reachable`, { hint: ENGINE_HINT });
  }
  return new DockerRunError(message, { hint: RUN_HINT });
}

/** The real engine: the `docker` CLI driven through the Runner with argument arrays. */
export class DockerEngine implements ContainerEngine {
  constructor(
    private readonly runner: Runner,
    private readonly file = 'docker',
  ) {}

  async info(): Promise<EngineInfo> {
    const raw = JSON.parse(await this.ok(['info', '--format', '{{json .}}'], 'read engine info')) as Record<
      string,
      unknown
    >;
    if (typeof raw.ServerVersion !== 'string' || raw.ServerVersion === '') {
      throw new EnvironmentError('the Docker engine is not answering', { hint: ENGINE_HINT });
    }
    return {
      serverVersion: raw.ServerVersion,
      defaultRuntime: String(raw.DefaultRuntime ?? 'runc'),
      runtimes: (raw.Runtimes ?? {}) as Record<string, { path: string }>,
      securityOptions: Array.isArray(raw.SecurityOptions) ? raw.SecurityOptions.map(String) : [],
    };
  }

  async runtimeVersion(info: EngineInfo, runtime: string): Promise<string> {
    const path = info.runtimes[runtime]?.path ?? runtime;
    const probe = await probeTool(this.runner, {
      file: path,
      args: ['--version'],
      pattern: /version\s+(\S+)/,
      hint: '',
    });
    return probe.ok ? probe.version : 'unknown';
  }

  async imageExists(image: string): Promise<boolean> {
    const result = await this.docker(['image', 'inspect', '--format', '{{.Id}}', image]);
    if (result.exitCode !== 0 && UNREACHABLE.test(result.stderr)) throw this.failure(result, `look up image ${image}`);
    return result.exitCode === 0;
  }

  async runDetached(args: readonly string[], signal?: AbortSignal): Promise<string> {
    const result = await this.docker(args, signal);
    throwIfCancelled(result);
    if (result.exitCode !== 0) throw dockerRunFailure(result);
    return result.stdout.trim().split('\n').pop() ?? '';
  }

  async inspect(id: string): Promise<ContainerState> {
    const raw = JSON.parse(
      await this.ok(['inspect', '--type', 'container', id], `inspect container ${id}`),
    ) as unknown[];
    return parseInspect(raw[0]);
  }

  async wait(id: string, signal?: AbortSignal): Promise<number> {
    const result = await this.docker(['wait', id], signal, 0);
    throwIfCancelled(result);
    if (result.exitCode !== 0) throw this.failure(result, `wait for container ${id}`);
    return Number(result.stdout.trim());
  }

  async stop(id: string, graceSeconds: number): Promise<void> {
    const result = await this.docker(
      ['stop', '--time', String(graceSeconds), id],
      undefined,
      (graceSeconds + 30) * 1000,
    );
    if (result.exitCode !== 0 && !NO_CONTAINER.test(result.stderr)) throw this.failure(result, `stop container ${id}`);
  }

  async kill(id: string, signal = 'KILL'): Promise<void> {
    const result = await this.docker(['kill', '--signal', signal, id]);
    const gone = NO_CONTAINER.test(result.stderr) || /is not running/.test(result.stderr);
    if (result.exitCode !== 0 && !gone) throw this.failure(result, `kill container ${id}`);
  }

  async remove(id: string): Promise<void> {
    const result = await this.docker(['rm', '--force', '--volumes', id]);
    if (result.exitCode !== 0 && !NO_CONTAINER.test(result.stderr))
      throw this.failure(result, `remove container ${id}`);
  }

  async logs(id: string, tail = 20): Promise<string> {
    const result = await this.docker(['logs', '--tail', String(tail), id]);
    return `${result.stdout}${result.stderr}`;
  }

  async listByLabel(label: string): Promise<string[]> {
    const out = await this.ok(
      ['ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${label}`],
      'list containers',
    );
    return out.split('\n').filter(Boolean).sort();
  }

  private docker(args: readonly string[], signal?: AbortSignal, timeoutMs = 60_000): Promise<RunResult> {
    return this.runner.run(this.file, args, { signal, timeoutMs });
  }

  private async ok(args: readonly string[], what: string): Promise<string> {
    const result = await this.docker(args);
    if (result.exitCode !== 0) throw this.failure(result, what);
    return result.stdout;
  }

  private failure(result: RunResult, what: string): EnvironmentError {
    if (UNREACHABLE.test(result.stderr)) {
      return new EnvironmentError(`cannot ${what}: the Docker engine is not reachable`, { hint: ENGINE_HINT });
    }
    return new EnvironmentError(`cannot ${what}: ${describeFailure(result)}`, {
      hint: 'the engine answered with the error above; `docker info` shows whether it is healthy',
    });
  }
}

/** Fail clearly when an image is not present locally (no registry is consulted). */
export async function requireImage(engine: ContainerEngine, image: string): Promise<void> {
  if (await engine.imageExists(image)) return;
  throw new InputError(`image ${image} is not present on this engine`, {
    hint: `build or load it first (\`docker build -t ${image} .\` or \`docker load\`); seccompose does not pull images. The test images come from \`bash scripts/build-images\``,
  });
}
