import type { ContainerEngine, ContainerState, EngineInfo } from '../../../src/engine/docker.js';
import { InterruptedError } from '../../../src/errors.js';
import type { Runner, RunResult } from '../../../src/exec/run.js';
import type { BackendEvidence, ContainerBackend, ProbeResult } from '../../../src/trace/backend.js';
import { SyscallTally } from '../../../src/observation/tally.js';

/** How a fake container behaves once started. */
export interface FakeWorkload {
  /** Exits by itself with this code after `exitAfterMs` (at once without it; else runs until stopped). */
  exitCode?: number;
  exitAfterMs?: number;
  health?: ContainerState['health'];
  /** Exit code when stopped with SIGTERM (143 = killed by it). */
  stopExitCode?: number;
}

/** An in-memory engine: containers are records; every call is logged for assertions. */
export class FakeEngine implements ContainerEngine {
  readonly calls: string[] = [];
  readonly containers = new Map<string, ContainerState>();
  failRun = false;
  private next = 1;

  constructor(private readonly workload: FakeWorkload = {}) {}

  async info(): Promise<EngineInfo> {
    return {
      serverVersion: '20.10.24',
      defaultRuntime: 'runc',
      runtimes: { runc: { path: 'runc' } },
      securityOptions: [],
    };
  }
  async runtimeVersion(): Promise<string> {
    return '1.1.5';
  }
  async imageExists(image: string): Promise<boolean> {
    return image !== 'missing:1';
  }
  async runDetached(args: readonly string[]): Promise<string> {
    this.calls.push(args.join(' '));
    if (this.failRun) throw new Error('docker run failed');
    const id = `c${this.next++}`;
    const state: ContainerState = {
      id,
      name: id,
      image: 'img',
      pid: 4242,
      status: 'running',
      running: true,
      exitCode: 0,
      oomKilled: false,
      health: this.workload.health ?? 'none',
      ip: '172.17.0.9',
      published: [],
      exposed: [],
      runtime: 'runc',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '0001-01-01T00:00:00Z',
    };
    this.containers.set(id, state);
    const { exitCode, exitAfterMs } = this.workload;
    if (exitCode !== undefined && !exitAfterMs) this.exit(id, exitCode);
    if (exitCode !== undefined && exitAfterMs) setTimeout(() => this.exit(id, exitCode), exitAfterMs);
    return id;
  }
  async inspect(id: string): Promise<ContainerState> {
    const state = this.containers.get(id);
    if (!state) throw new Error(`no such container ${id}`);
    return { ...state };
  }
  async wait(id: string, signal?: AbortSignal): Promise<number> {
    for (;;) {
      const state = await this.inspect(id);
      if (!state.running) return state.exitCode;
      if (signal?.aborted) throw new InterruptedError('interrupted while running `docker wait`');
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  async stop(id: string, graceSeconds: number): Promise<void> {
    this.calls.push(`stop ${id} ${graceSeconds}`);
    if (this.containers.get(id)?.running) this.exit(id, this.workload.stopExitCode ?? 143);
  }
  async kill(id: string): Promise<void> {
    this.calls.push(`kill ${id}`);
    this.exit(id, 137);
  }
  async remove(id: string): Promise<void> {
    this.calls.push(`rm ${id}`);
    this.containers.delete(id);
  }
  async logs(): Promise<string> {
    return '';
  }
  async listByLabel(): Promise<string[]> {
    return [...this.containers.keys()];
  }
  exit(id: string, code: number): void {
    const state = this.containers.get(id);
    if (!state?.running) return;
    Object.assign(state, {
      running: false,
      status: 'exited',
      exitCode: code,
      pid: 0,
      finishedAt: '2026-01-01T00:00:01.500Z',
    });
  }
}

export type Stage = 'probe' | 'prepare' | 'started' | 'collect' | 'dispose';

/** A backend that counts two syscalls, and can be told to fail at any stage. */
export class FakeBackend implements ContainerBackend {
  readonly name = 'ebpf' as const;
  readonly stages: Stage[] = [];
  constructor(
    private readonly failAt?: Stage,
    private readonly incomplete: string[] = [],
  ) {}
  private step(stage: Stage): void {
    this.stages.push(stage);
    if (this.failAt === stage) throw new Error(`backend failed in ${stage}`);
  }
  async probe(): Promise<ProbeResult> {
    this.step('probe');
    return { ok: true, version: 'fake 1' };
  }
  async prepare(): Promise<{ dockerArgs: string[] }> {
    this.step('prepare');
    return { dockerArgs: ['--security-opt', 'seccomp=/tmp/fake.json'] };
  }
  async started(): Promise<void> {
    this.step('started');
  }
  async collect(): Promise<BackendEvidence> {
    this.step('collect');
    const tally = new SyscallTally();
    tally.add('SCMP_ARCH_X86_64', 'read', 10);
    tally.add('SCMP_ARCH_X86_64', 'write', 5);
    return { ...tally.toEvidence(), capabilities: {}, notes: ['fake backend'], incompleteReasons: this.incomplete };
  }
  async dispose(): Promise<void> {
    this.step('dispose');
  }
}

/** A Runner for the exercise command: its group ends with `exitCode` after `delayMs`, or when killed. */
export function exerciseRunner(exitCode: number, delayMs = 0, seen: Record<string, string>[] = []): Runner {
  return {
    async run(): Promise<RunResult> {
      throw new Error('not used: the exercise is spawned in its own process group');
    },
    spawn(_file, _args, options = {}) {
      seen.push(
        Object.fromEntries(Object.entries(options.env ?? {}).filter((e): e is [string, string] => e[1] !== undefined)),
      );
      let kill: (signal: string) => void = () => undefined;
      const result = new Promise<RunResult>((resolve) => {
        const finish = (signal: string | undefined): void =>
          resolve({
            command: 'sh -c …',
            exitCode: signal ? undefined : exitCode,
            signal,
            stdout: '',
            stderr: '',
            timedOut: false,
            cancelled: false,
            failed: signal !== undefined || exitCode !== 0,
          });
        const timer = setTimeout(() => finish(undefined), delayMs);
        kill = (signal) => {
          clearTimeout(timer);
          finish(signal);
        };
      });
      return {
        pid: undefined,
        stdout: null,
        stderr: null,
        kill: (signal) => {
          kill(signal ?? 'SIGTERM');
          return true;
        },
        result,
      };
    },
  };
}
