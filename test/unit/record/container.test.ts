import { describe, expect, it } from 'vitest';
import { parseDockerRun } from '../../../src/engine/run-args.js';
import { silentLogger } from '../../../src/log.js';
import { recordContainer, type ContainerRecordingRequest } from '../../../src/record/container.js';
import { exerciseRunner, FakeBackend, FakeEngine, type FakeWorkload, type Stage } from './container-fakes.js';

function setup(
  options: {
    workload?: FakeWorkload;
    failAt?: Stage;
    incomplete?: string[];
    exerciseExit?: number;
    exerciseMs?: number;
  } = {},
) {
  const engine = new FakeEngine(options.workload);
  const backend = new FakeBackend(options.failAt, options.incomplete);
  const env: Record<string, string>[] = [];
  const runner = exerciseRunner(options.exerciseExit ?? 0, options.exerciseMs ?? 0, env);
  const abort = new AbortController();
  const request = (overrides: Partial<ContainerRecordingRequest> = {}): ContainerRecordingRequest => ({
    spec: parseDockerRun(['docker', 'run', '--rm', 'img', 'serve']),
    backend,
    backendVersion: 'fake 1',
    baseline: { label: 'docker-default', profile: null },
    graceS: 3,
    readyTimeoutS: 1,
    exerciseTimeoutS: 600,
    ...overrides,
  });
  const deps = { engine, runner, logger: silentLogger(), signal: abort.signal };
  return { engine, backend, abort, request, deps, env };
}

describe('recordContainer: the normal path', () => {
  it('runs prepare → run → started → exercise → stop → collect → dispose and removes the container', async () => {
    const t = setup({ exerciseExit: 0 });
    const { observation, interrupted } = await recordContainer(t.request({ exercise: 'curl …' }), t.deps);
    expect(interrupted).toBe(false);
    expect(t.backend.stages).toEqual(['prepare', 'started', 'collect', 'dispose']);
    expect(t.engine.calls[0]).toMatch(
      /^run --detach --name seccompose-rec-[0-9a-f]{8} --label io.seccompose.recording=1 --label io.seccompose.owner=\d+:\d+ --security-opt seccomp=\/tmp\/fake.json img serve$/,
    );
    expect(t.engine.calls.slice(1)).toEqual(['stop c1 3', 'rm c1']);
    expect(t.engine.containers.size).toBe(0);
    expect(observation).toMatchObject({
      complete: true,
      exit: { code: null, signal: 'SIGTERM' },
      durationMs: 1500,
      workload: {
        kind: 'container',
        image: 'img',
        command: ['serve'],
        dockerArgs: ['--rm'],
        runtime: { name: 'runc', version: '1.1.5' },
        baseline: 'docker-default',
      },
      backend: { name: 'ebpf', version: 'fake 1' },
    });
    expect(observation.backend.notes.join('\n')).toMatch(/--rm/);
    expect(observation.syscalls.SCMP_ARCH_X86_64?.read?.count).toBe(10);
  });

  it('gives the exercise the container id, name and address', async () => {
    const t = setup();
    await recordContainer(t.request({ exercise: 'true' }), t.deps);
    expect(t.env[0]).toMatchObject({ SECCOMPOSE_CONTAINER_ID: 'c1', SECCOMPOSE_CONTAINER_IP: '172.17.0.9' });
  });

  it('waits for a container that exits by itself and records its exit code', async () => {
    const t = setup({ workload: { exitCode: 3, exitAfterMs: 30 } });
    const { observation } = await recordContainer(t.request(), t.deps);
    expect(observation).toMatchObject({ complete: true, exit: { code: 3, signal: null } });
    expect(t.engine.containers.size).toBe(0);
  });

  it('stops the container after --duration', async () => {
    const t = setup();
    const started = Date.now();
    const { observation } = await recordContainer(t.request({ durationS: 0.2 }), t.deps);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(observation.complete).toBe(true);
    expect(t.engine.calls).toContain('stop c1 3');
  });

  it('records the runtime syscalls learned for the runtime and no-new-privileges setting', async () => {
    const t = setup();
    const asked: unknown[] = [];
    const learnRuntime = async (runtime: { name: string; version: string }, nnp: boolean) => {
      asked.push({ ...runtime, nnp });
      return { source: 'learned: runc 1.1.5', syscalls: { SCMP_ARCH_X86_64: ['execve', 'fstat'] } };
    };
    const { observation } = await recordContainer(t.request({ durationS: 0.05 }), { ...t.deps, learnRuntime });
    expect(asked).toEqual([{ name: 'runc', version: '1.1.5', nnp: false }]);
    expect(observation.runtime?.syscalls.SCMP_ARCH_X86_64).toEqual(['execve', 'fstat']);
  });

  it('reports each phase for the progress line: the tracer attaching is not shown as learning the runtime', async () => {
    const t = setup();
    const phases: string[] = [];
    const learnRuntime = async () => ({ source: 'learned', syscalls: {} });
    await recordContainer(t.request({ durationS: 0.05 }), {
      ...t.deps,
      learnRuntime,
      onPhase: (p: string) => phases.push(p),
    });
    expect(phases.slice(0, 4)).toEqual(['preparing', 'learning runc 1.1.5 syscalls', 'attaching ebpf', 'starting']);
  });
});

describe('recordContainer: outcomes marked partial', () => {
  it('a container that never becomes ready: partial, the exercise does not run, container removed', async () => {
    const t = setup({ workload: { health: 'starting' } });
    const { observation } = await recordContainer(t.request({ exercise: 'curl …', readyTimeoutS: 0.3 }), t.deps);
    expect(observation.complete).toBe(false);
    expect(observation.incompleteReasons[0]).toMatch(
      /never became ready: its healthcheck did not pass \(status starting\) within 0s; the exercise did not run/,
    );
    expect(t.env).toHaveLength(0);
    expect(t.engine.containers.size).toBe(0);
  });

  it('a container that exits before the exercise could run', async () => {
    const t = setup({ workload: { exitCode: 1 } });
    const { observation } = await recordContainer(t.request({ exercise: 'curl …' }), t.deps);
    expect(observation.incompleteReasons.join()).toMatch(/exited with code 1 before it was ready/);
    expect(observation.exit).toEqual({ code: 1, signal: null });
  });

  it('an exercise that fails', async () => {
    const t = setup({ exerciseExit: 7 });
    const { observation } = await recordContainer(t.request({ exercise: 'false' }), t.deps);
    expect(observation.incompleteReasons).toEqual([
      'the exercise command exited with code 7, so the workload may not have done what it should',
    ]);
  });

  it('evidence the backend says is incomplete (lost events)', async () => {
    const t = setup({ incomplete: ['3 events lost'] });
    const { observation } = await recordContainer(t.request({ durationS: 0.05 }), t.deps);
    expect(observation).toMatchObject({ complete: false, incompleteReasons: ['3 events lost'] });
  });
});

describe('recordContainer: cleanup on failure and interrupt', () => {
  it.each(['started', 'collect'] as const)(
    'removes the container and disposes the backend when %s fails',
    async (stage) => {
      const t = setup({ failAt: stage });
      await expect(recordContainer(t.request({ durationS: 0.05 }), t.deps)).rejects.toThrow(
        `backend failed in ${stage}`,
      );
      expect(t.engine.calls).toContain('rm c1');
      expect(t.engine.containers.size).toBe(0);
      expect(t.backend.stages.at(-1)).toBe('dispose');
    },
  );

  it('disposes the backend when prepare fails, before any container exists', async () => {
    const t = setup({ failAt: 'prepare' });
    await expect(recordContainer(t.request(), t.deps)).rejects.toThrow('backend failed in prepare');
    expect(t.engine.calls).toEqual([]);
    expect(t.backend.stages).toEqual(['prepare', 'dispose']);
  });

  it('disposes the backend when docker run fails', async () => {
    const t = setup();
    t.engine.failRun = true;
    await expect(recordContainer(t.request(), t.deps)).rejects.toThrow('docker run failed');
    expect(t.backend.stages).toEqual(['prepare', 'dispose']);
  });

  it('fails clearly on a missing image, before the backend prepares anything', async () => {
    const t = setup();
    const spec = parseDockerRun(['docker', 'run', 'missing:1']);
    await expect(recordContainer(t.request({ spec }), t.deps)).rejects.toThrow(/missing:1 is not present/);
    expect(t.backend.stages).toEqual(['dispose']);
  });

  it('on Ctrl-C while the workload runs: stops quickly, collects, returns a partial observation, removes the container', async () => {
    const t = setup({ exerciseMs: 10_000 });
    setTimeout(() => t.abort.abort(), 50);
    const { observation, interrupted } = await recordContainer(t.request({ exercise: 'sleep 10', graceS: 10 }), t.deps);
    expect(interrupted).toBe(true);
    expect(observation.complete).toBe(false);
    expect(observation.incompleteReasons[0]).toMatch(/interrupted by the user/);
    expect(observation.syscalls.SCMP_ARCH_X86_64?.write?.count).toBe(5);
    expect(t.engine.calls).toEqual([expect.stringMatching(/^run /), 'stop c1 2', 'rm c1']);
    expect(t.backend.stages).toEqual(['prepare', 'started', 'collect', 'dispose']);
  });
});
