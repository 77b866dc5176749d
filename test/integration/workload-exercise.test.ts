import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { processRunner } from '../../src/exec/run.js';
import { driveWorkload } from '../../src/workload/drive.js';
import { runExercise, type WorkloadExit } from '../../src/workload/exercise.js';

// Real `sh` processes: the exercise runs in its own process group, and seccompose ends all of it.
const dir = mkdtempSync(join(tmpdir(), 'seccompose-it-exercise-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const never = new Promise<WorkloadExit>(() => undefined);

/** True while a process whose command line contains `marker` is alive. */
function alive(marker: string): boolean {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .some((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    });
}

describe('runExercise', () => {
  it('ends the whole process group when the workload exits, and says with which code', async () => {
    const marker = `seccompose-exercise-${process.pid}-a`;
    const started = Date.now();
    const end = await runExercise({
      // A client that retries forever, with a child that ignores SIGTERM: both must go.
      command: `sh -c 'trap "" TERM; while :; do sleep 0.1; done' ${marker} & while :; do sleep 0.1; done`,
      env: {},
      timeoutS: 600,
      runner: processRunner,
      signal: new AbortController().signal,
      workloadExited: delay(300).then(() => ({ exitCode: 2, detail: 'exited with code 2' })),
    });
    expect(end).toEqual({ kind: 'workload-exited', workload: { exitCode: 2, detail: 'exited with code 2' } });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(alive(marker)).toBe(false);
  });

  it('ends an exercise that runs past --exercise-timeout and says so', async () => {
    const end = await runExercise({
      command: 'sleep 30',
      env: {},
      timeoutS: 0.3,
      runner: processRunner,
      signal: new AbortController().signal,
      workloadExited: never,
    });
    expect(end).toEqual({ kind: 'timed-out', timeoutS: 0.3 });
  });

  it('passes the exit code of an exercise that ends by itself, with its environment', async () => {
    const file = join(dir, 'seen');
    const end = await runExercise({
      command: `echo "$SECCOMPOSE_X" > ${file}; exit 3`,
      env: { SECCOMPOSE_X: 'y' },
      timeoutS: 60,
      runner: processRunner,
      signal: new AbortController().signal,
      workloadExited: never,
    });
    expect(end).toEqual({ kind: 'exited', exitCode: 3, signal: undefined });
    expect(existsSync(file)).toBe(true);
  });
});

describe('driveWorkload', () => {
  it('throws InterruptedError on Ctrl-C and leaves no exercise process behind', async () => {
    const marker = `seccompose-exercise-${process.pid}-b`;
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    await expect(
      driveWorkload(
        { exercise: `sh -c 'sleep 30' ${marker}`, exerciseTimeoutS: 600 },
        { env: {}, watchExit: () => never },
        { runner: processRunner, signal: abort.signal },
      ),
    ).rejects.toThrow(/interrupted during the exercise/);
    expect(alive(marker)).toBe(false);
  });

  it('without an exercise: ends at --duration while the workload is up', async () => {
    const result = await driveWorkload(
      { durationS: 0.2, exerciseTimeoutS: 600 },
      { env: {}, watchExit: () => never },
      { runner: processRunner, signal: new AbortController().signal },
    );
    expect(result).toEqual({ kind: 'waited', until: 'duration' });
  });
});
