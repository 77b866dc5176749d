import { describe, expect, it } from 'vitest';
import { dockerRunFailure } from '../../../src/engine/docker.js';
import { parseDockerRun } from '../../../src/engine/run-args.js';
import { ToolError, ExitCode } from '../../../src/errors.js';
import type { Runner, RunResult } from '../../../src/exec/run.js';
import { createLogger } from '../../../src/log.js';
import { runContainerOnce, type ContainerRunPlan } from '../../../src/verify/container-run.js';
import { exerciseRunner, FakeEngine, type FakeWorkload } from '../record/container-fakes.js';

const logger = createLogger('silent');

/** A runner answering `docker exec` (the canary) with `execExit` and the exercise with `exerciseExit`. */
function runner(
  answers: { execExit?: number; execStderr?: string; exerciseExit?: number },
  seen: string[] = [],
): Runner {
  return {
    async run(file, args): Promise<RunResult> {
      seen.push(`${file} ${args.join(' ')}`);
      const exec = file === 'docker' && args[0] === 'exec';
      const exitCode = exec ? (answers.execExit ?? 1) : (answers.exerciseExit ?? 0);
      return {
        command: file,
        exitCode,
        signal: undefined,
        stdout: '',
        stderr: exec ? (answers.execStderr ?? '') : '',
        timedOut: false,
        cancelled: false,
        failed: exitCode !== 0,
      };
    },
    spawn(file, args, options) {
      return exerciseRunner(answers.exerciseExit ?? 0).spawn(file, args, options);
    },
  };
}

const plan = (extra: Partial<ContainerRunPlan> = {}): ContainerRunPlan => ({
  spec: parseDockerRun(['docker', 'run', 'img']),
  sandbox: ['--security-opt', 'seccomp=/p.json', '--cap-drop', 'ALL'],
  readyTimeoutS: 5,
  exerciseTimeoutS: 600,
  graceS: 3,
  canary: true,
  ...extra,
});

async function replay(
  workload: FakeWorkload,
  answers: Parameters<typeof runner>[0],
  extra: Partial<ContainerRunPlan> = {},
) {
  const engine = new FakeEngine(workload);
  const seen: string[] = [];
  const result = await runContainerOnce(plan(extra), {
    engine,
    runner: runner(answers, seen),
    logger,
    signal: new AbortController().signal,
  });
  return { result, engine, seen };
}

describe('runContainerOnce (fake engine)', () => {
  it('drives a service: ready, canary by docker exec, exercise, SIGTERM stop; always removed', async () => {
    const { result, engine, seen } = await replay(
      { stopExitCode: 0 },
      { execExit: 1, exerciseExit: 0 },
      { exercise: 'true' },
    );
    expect(result.ready.kind).toBe('ready');
    expect(result.canary).toEqual({ ran: true, exitCode: 1, where: 'in the workload container (docker exec)' });
    expect(result.exercise).toMatchObject({ kind: 'ran', end: { kind: 'exited', exitCode: 0 } });
    expect(result.end).toEqual({ kind: 'stopped', exitCode: 0, graceS: 3 });
    expect(seen[0]).toBe('docker exec c1 /.seccompose-canary');
    expect(engine.calls.at(-2)).toBe('stop c1 3');
    expect(engine.calls.at(-1)).toBe('rm c1');
    expect(engine.calls[0]).toMatch(/--security-opt seccomp=\/p.json --cap-drop ALL img$/);
  });

  it('runs the canary in a separate container when the workload already exited', async () => {
    const { result, engine } = await replay(
      { exitCode: 0 },
      { execStderr: 'Error response from daemon: Container c1 is not running' },
    );
    expect(result.end).toEqual({ kind: 'exited', exitCode: 0, oomKilled: false });
    expect(result.canary).toMatchObject({ ran: true, where: expect.stringMatching(/separate container/) });
    expect(engine.calls.some((c) => /--entrypoint \/.seccompose-canary img$/.test(c))).toBe(true);
    expect(engine.calls.filter((c) => c.startsWith('rm ')).length).toBe(2);
    expect(engine.containers.size).toBe(0);
  });

  it('reports a failing docker exec as a canary that could not run', async () => {
    const { result } = await replay(
      {},
      { execStderr: 'OCI runtime exec failed: exec failed: permission denied', execExit: 126 },
      { durationS: 0.05 },
    );
    expect(result.canary).toEqual({
      ran: false,
      why: 'docker exec failed: OCI runtime exec failed: exec failed: permission denied',
    });
  });

  it('skips the exercise of a workload that exited before it was ready', async () => {
    const { result } = await replay(
      { exitCode: 3 },
      { execStderr: 'is not running' },
      { exercise: 'true', canary: false },
    );
    expect(result.ready).toEqual({ kind: 'exited-before-ready', exitCode: 3 });
    expect(result.exercise).toEqual({ kind: 'skipped', why: 'the workload exited before it was ready' });
    expect(result.canary).toBeUndefined();
  });

  it('turns a runtime start failure into a failed-to-start fact and removes the container by name', async () => {
    const engine = new FakeEngine();
    engine.runDetached = async () => {
      throw dockerRunFailure({
        command: 'docker run ...',
        exitCode: 127,
        signal: undefined,
        stdout: '',
        stderr:
          'docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: operation not permitted\n',
        timedOut: false,
        cancelled: false,
        failed: true,
      });
    };
    const result = await runContainerOnce(plan(), {
      engine,
      runner: runner({}),
      logger,
      signal: new AbortController().signal,
    });
    expect(result.ready).toMatchObject({
      kind: 'failed-to-start',
      detail: expect.stringMatching(/^docker: Error response from daemon: .*OCI runtime create failed/),
    });
    expect(engine.calls).toEqual([expect.stringMatching(/^rm seccompose-verify-[0-9a-f]{8}$/)]);
  });

  it('rethrows other docker run failures (engine down, bad options); a missing image is exit 3', async () => {
    const engine = new FakeEngine();
    engine.failRun = true;
    await expect(
      runContainerOnce(plan(), { engine, runner: runner({}), logger, signal: new AbortController().signal }),
    ).rejects.toThrow('docker run failed');
    const missing = plan({ spec: parseDockerRun(['docker', 'run', 'missing:1']) });
    await expect(
      runContainerOnce(missing, { engine, runner: runner({}), logger, signal: new AbortController().signal }),
    ).rejects.toMatchObject({
      exitCode: ExitCode.environment,
      message: expect.stringMatching(/missing:1 is not present/),
    });
  });

  it('removes the container when driving it throws', async () => {
    const engine = new FakeEngine({});
    engine.stop = async () => {
      throw new ToolError('cannot stop container', ExitCode.environment);
    };
    await expect(
      runContainerOnce(plan({ canary: false, durationS: 0.05 }), {
        engine,
        runner: runner({}),
        logger,
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow('cannot stop');
    expect(engine.calls.at(-1)).toBe('rm c1');
  });
});
