import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EnvironmentError, InterruptedError } from '../../../../src/errors.js';
import type { RunResult, Runner, Spawned } from '../../../../src/exec/run.js';
import { BpftraceSession } from '../../../../src/trace/ebpf/session.js';
import { readBpftraceFixture } from './fixtures.js';

/** A bpftrace stand-in: the test writes its stdout/stderr and decides when and how it ends. */
class FakeBpftrace implements Spawned {
  readonly pid = 4242;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly signals: string[] = [];
  readonly args: string[] = [];
  private finish!: (r: RunResult) => void;
  readonly result = new Promise<RunResult>((resolve) => (this.finish = resolve));
  onSignal: (signal: string) => void = () => undefined;

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal);
    this.onSignal(signal);
    return true;
  }

  end(exitCode: number | undefined, signal?: string): void {
    this.stdout.end();
    this.stderr.end();
    this.finish({
      command: 'bpftrace',
      exitCode,
      signal,
      stdout: '',
      stderr: '',
      timedOut: false,
      cancelled: false,
      failed: exitCode !== 0,
    });
  }
}

function runnerFor(fake: FakeBpftrace): Runner {
  return {
    run: () => Promise.reject(new Error('not used')),
    spawn: (_file, args) => {
      fake.args.push(...args);
      return fake;
    },
  };
}

const fixture = readBpftraceFixture('busybox-run.jsonl').split('\n');

describe('bpftrace session', () => {
  it('is ready on the BEGIN marker, and reads the maps bpftrace prints on SIGTERM', async () => {
    const fake = new FakeBpftrace();
    fake.stderr.write(readBpftraceFixture('busybox-run.stderr.txt'));
    const starting = BpftraceSession.start(runnerFor(fake), new AbortController().signal, 'id');
    fake.stdout.write(`${fixture[0]}\n${fixture[1]}\n`);
    const session = await starting;
    expect(fake.args.slice(0, 3)).toEqual(['-k', '-f', 'json']);
    expect(session.attachMs).toBeGreaterThanOrEqual(0);
    fake.onSignal = (signal) => {
      if (signal !== 'SIGTERM') return;
      fake.stdout.write(fixture.slice(2).join('\n'));
      fake.end(0);
    };
    const stopped = await session.stop();
    // SIGTERM, not SIGINT: bpftrace 0.17 resets SIGINT to its default action while it prints its maps.
    expect(fake.signals).toEqual(['SIGTERM']);
    expect(stopped.failure).toBeUndefined();
    expect(stopped.output.handovers.length).toBeGreaterThan(0);
    expect(session.warnings).toEqual([]);
  });

  it('repeats SIGTERM when bpftrace misses the first one', async () => {
    const fake = new FakeBpftrace();
    const starting = BpftraceSession.start(runnerFor(fake), new AbortController().signal, 'id');
    fake.stdout.write(`${fixture[0]}\n${fixture[1]}\n`);
    const session = await starting;
    fake.onSignal = () => {
      if (fake.signals.length < 2) return;
      fake.stdout.write(fixture.slice(2).join('\n'));
      fake.end(0);
    };
    const stopped = await session.stop();
    expect(fake.signals).toEqual(['SIGTERM', 'SIGTERM']);
    expect(stopped.failure).toBeUndefined();
  });

  it('fails with the relevant stderr when bpftrace exits before attaching', async () => {
    const fake = new FakeBpftrace();
    const starting = BpftraceSession.start(runnerFor(fake), new AbortController().signal, 'id');
    fake.stderr.write(readBpftraceFixture('busybox-run.stderr.txt'));
    fake.stderr.write('stdin:5:3-40: ERROR: Unknown struct/union: thread_info\n');
    setTimeout(() => fake.end(1), 5);
    const error = await starting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toContain('exit code 1');
    expect((error as Error).message).toContain('Unknown struct/union');
    expect((error as Error).message).not.toContain('RLIMIT_MEMLOCK');
  });

  it('stops attaching on Ctrl-C', async () => {
    const fake = new FakeBpftrace();
    fake.onSignal = () => fake.end(undefined, 'SIGKILL');
    const abort = new AbortController();
    const starting = BpftraceSession.start(runnerFor(fake), abort.signal, 'id');
    abort.abort();
    await expect(starting).rejects.toBeInstanceOf(InterruptedError);
    expect(fake.signals).toEqual(['SIGKILL']);
  });

  it('reports a recording whose bpftrace died without printing its counts', async () => {
    const fake = new FakeBpftrace();
    const starting = BpftraceSession.start(runnerFor(fake), new AbortController().signal, 'id');
    fake.stdout.write(`${fixture[0]}\n${fixture[1]}\n`);
    const session = await starting;
    fake.end(undefined, 'SIGKILL');
    await fake.result;
    const stopped = await session.stop();
    expect(fake.signals).toEqual([]);
    expect(stopped.failure).toBe('bpftrace ended without printing its counts (killed by SIGKILL)');
  });
});
