import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContainerStartError, DockerEngine, requireImage } from '../../../src/engine/docker.js';
import { parseInspect } from '../../../src/engine/inspect.js';
import { EnvironmentError, ExitCode, InputError } from '../../../src/errors.js';
import type { Runner, RunResult } from '../../../src/exec/run.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/docker-20.10/${name}`, import.meta.url), 'utf8');

/** A Runner that answers from a table of (argv prefix → result) and records every call. */
function tableRunner(table: [string, Partial<RunResult>][]): Runner & { calls: string[][] } {
  const calls: string[][] = [];
  const run = async (file: string, args: readonly string[]): Promise<RunResult> => {
    const line = [file, ...args].join(' ');
    calls.push([file, ...args]);
    const hit = table.find(([prefix]) => line.startsWith(prefix));
    if (!hit) throw new Error(`unexpected command: ${line}`);
    return {
      command: line,
      exitCode: 0,
      signal: undefined,
      stdout: '',
      stderr: '',
      timedOut: false,
      cancelled: false,
      failed: false,
      ...hit[1],
    };
  };
  return {
    calls,
    run,
    spawn: () => {
      throw new Error('not used');
    },
  };
}

describe('parseInspect (docker 20.10 fixtures)', () => {
  it('reads a running, healthy container with published ports', () => {
    const state = parseInspect(JSON.parse(fixture('inspect-running-healthy.json'))[0]);
    expect(state).toMatchObject({
      running: true,
      health: 'healthy',
      ip: '172.17.0.2',
      runtime: 'runc',
      image: 'seccompose/workload:1',
    });
    expect(state.pid).toBeGreaterThan(0);
    expect(state.published).toEqual([
      { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 32768 },
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 32769 },
    ]);
    expect(state.exposed).toEqual([
      { port: 53, protocol: 'udp' },
      { port: 80, protocol: 'tcp' },
    ]);
  });

  it('reads an exited container: pid 0, exit code, no address', () => {
    const state = parseInspect(JSON.parse(fixture('inspect-exited.json'))[0]);
    expect(state).toMatchObject({
      running: false,
      status: 'exited',
      pid: 0,
      exitCode: 0,
      oomKilled: false,
      ip: undefined,
      published: [],
    });
    expect(Date.parse(state.finishedAt)).toBeGreaterThan(Date.parse(state.startedAt));
  });
});

describe('DockerEngine', () => {
  it('reads info: version, default runtime, registered runtimes (crun), security options', async () => {
    const engine = new DockerEngine(tableRunner([['docker info', { stdout: fixture('info.json') }]]));
    const info = await engine.info();
    expect(info).toMatchObject({
      serverVersion: '20.10.24+dfsg1',
      defaultRuntime: 'runc',
      securityOptions: ['name=seccomp,profile=default'],
    });
    expect(Object.keys(info.runtimes).sort()).toEqual(['crun', 'runc']);
  });

  it('turns an unreachable engine into an EnvironmentError that says how to start it', async () => {
    const stderr =
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';
    const engine = new DockerEngine(tableRunner([['docker', { exitCode: 1, stderr, failed: true }]]));
    await expect(engine.info()).rejects.toThrow(EnvironmentError);
    await expect(engine.info()).rejects.toMatchObject({ hint: expect.stringMatching(/`seccompose setup`/) });
    await expect(engine.imageExists('x')).rejects.toThrow(EnvironmentError);
  });

  it('reports a missing image clearly, without consulting a registry', async () => {
    const runner = tableRunner([
      ['docker image inspect', { exitCode: 1, stderr: 'Error: No such image: nosuch:1\n', failed: true }],
    ]);
    const engine = new DockerEngine(runner);
    await expect(requireImage(engine, 'nosuch:1')).rejects.toThrow(InputError);
    await expect(requireImage(engine, 'nosuch:1')).rejects.toThrow(/nosuch:1 is not present/);
    expect(runner.calls.every((c) => c[1] === 'image')).toBe(true);
  });

  it('treats removing or stopping a container that is already gone as done', async () => {
    const gone = { exitCode: 1, stderr: 'Error: No such container: abc\n', failed: true };
    const engine = new DockerEngine(
      tableRunner([
        ['docker rm', gone],
        ['docker stop', gone],
        ['docker kill', gone],
      ]),
    );
    await expect(engine.remove('abc')).resolves.toBeUndefined();
    await expect(engine.stop('abc', 1)).resolves.toBeUndefined();
    await expect(engine.kill('abc')).resolves.toBeUndefined();
  });

  it('returns the container id from docker run and shows the command when it fails', async () => {
    const ok = new DockerEngine(tableRunner([['docker run', { stdout: 'f00d\n' }]]));
    expect(await ok.runDetached(['run', '--detach', 'x'])).toBe('f00d');
    const failing = new DockerEngine(
      tableRunner([['docker run', { exitCode: 125, stderr: 'docker: invalid reference format.\n', failed: true }]]),
    );
    await expect(failing.runDetached(['run', '--detach', 'X!'])).rejects.toThrow(
      /docker run failed: `docker run --detach X!` exited with code 125\n {2}docker: invalid reference format/,
    );
    await expect(failing.runDetached(['run', '--detach', 'X!'])).rejects.not.toThrow(ContainerStartError);
  });

  it('tells a runtime that could not start the process apart from other docker run failures', async () => {
    const stderr = [
      'docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: operation not permitted: unknown.',
      'ERRO[0000] error waiting for container: context canceled',
      '',
    ].join('\n');
    const engine = new DockerEngine(tableRunner([['docker run', { exitCode: 127, stderr, failed: true }]]));
    const error = await engine.runDetached(['run', '--detach', 'x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerStartError);
    expect(error).toMatchObject({
      exitCode: ExitCode.environment,
      detail: expect.stringMatching(/^docker: Error response .*operation not permitted: unknown\.$/),
    });
    const stopped = new DockerEngine(
      tableRunner([
        [
          'docker run',
          {
            exitCode: 125,
            stderr:
              "docker: Error response from daemon: cannot start a stopped process: unknown.\nRun 'docker run --help' for more information\n",
            failed: true,
          },
        ],
      ]),
    );
    await expect(stopped.runDetached(['run', 'x'])).rejects.toMatchObject({
      detail: 'docker: Error response from daemon: cannot start a stopped process: unknown.',
    });
    const down = new DockerEngine(
      tableRunner([
        ['docker run', { exitCode: 125, stderr: 'Cannot connect to the Docker daemon at unix:///x\n', failed: true }],
      ]),
    );
    await expect(down.runDetached(['run', 'x'])).rejects.toMatchObject({
      message: 'docker run failed: the Docker engine is not reachable',
      hint: expect.stringMatching(/seccompose setup/),
    });
  });

  it('asks the runtime binary registered under the name for its version', async () => {
    const runner = tableRunner([['/usr/bin/crun --version', { stdout: 'crun version 1.8.1\ncommit: f8a0\n' }]]);
    const info = {
      serverVersion: '20.10',
      defaultRuntime: 'runc',
      runtimes: { crun: { path: '/usr/bin/crun' } },
      securityOptions: [],
    };
    expect(await new DockerEngine(runner).runtimeVersion(info, 'crun')).toBe('1.8.1');
  });
});
