import { describe, expect, it } from 'vitest';
import { runChecks, verdictOf, type RunFacts } from '../../../src/verify/verdict.js';

const canary = { ok: true, detail: 'denied' };
const service: RunFacts = {
  ready: { kind: 'ready', detail: 'port 80/tcp answered' },
  exercise: { kind: 'ran', end: { kind: 'exited', exitCode: 0, signal: undefined } },
  end: { kind: 'stopped', exitCode: 0, graceS: 10 },
  canary,
};

const names = (facts: RunFacts) => runChecks(facts).map((c) => `${c.name}:${c.ok ? 'ok' : 'FAIL'}`);

describe('verify verdict', () => {
  it('passes a service that was ready, exercised, stopped cleanly and enforced', () => {
    expect(names(service)).toEqual(['ready:ok', 'exercise:ok', 'stop:ok', 'canary:ok']);
    expect(verdictOf(runChecks(service))).toBe('pass');
  });

  it('accepts death by SIGTERM (143) and rejects SIGKILL after the grace period (137)', () => {
    expect(verdictOf(runChecks({ ...service, end: { kind: 'stopped', exitCode: 143, graceS: 10 } }))).toBe('pass');
    const killed = runChecks({ ...service, end: { kind: 'stopped', exitCode: 137, graceS: 3 } });
    expect(verdictOf(killed)).toBe('fail');
    expect(killed.find((c) => c.name === 'stop')!.detail).toMatch(/within 3s of SIGTERM/);
  });

  it('passes a one-shot job that exits 0 without being ready and without exercise', () => {
    const job: RunFacts = {
      ready: { kind: 'exited-before-ready', exitCode: 0 },
      exercise: { kind: 'none' },
      end: { kind: 'exited', exitCode: 0, oomKilled: false },
      canary,
    };
    expect(names(job)).toEqual(['ready:ok', 'workload-exit:ok', 'canary:ok']);
  });

  it('fails a one-shot job that exits non-zero, and names SIGSYS', () => {
    const job: RunFacts = {
      ready: { kind: 'exited-before-ready', exitCode: 159 },
      exercise: { kind: 'none' },
      end: { kind: 'exited', exitCode: 159, oomKilled: false },
      canary,
    };
    const checks = runChecks(job);
    expect(verdictOf(checks)).toBe('fail');
    expect(checks[1]!.detail).toMatch(/SIGSYS/);
  });

  it('fails when the workload exits before the exercise could run', () => {
    const facts: RunFacts = {
      ...service,
      ready: { kind: 'exited-before-ready', exitCode: 1 },
      exercise: { kind: 'skipped', why: 'the workload exited before it was ready' },
      end: { kind: 'exited', exitCode: 1, oomKilled: false },
    };
    expect(names(facts)).toEqual(['ready:FAIL', 'exercise:FAIL', 'workload-exit:FAIL', 'canary:ok']);
  });

  it('fails on a failed exercise, a never-ready service, a start failure, an OOM kill and a failed canary', () => {
    expect(
      verdictOf(
        runChecks({
          ...service,
          exercise: { kind: 'ran', end: { kind: 'exited', exitCode: 7, signal: undefined } },
        }),
      ),
    ).toBe('fail');
    expect(verdictOf(runChecks({ ...service, ready: { kind: 'never-ready', detail: 'port 80 did not answer' } }))).toBe(
      'fail',
    );
    const start = runChecks({
      ...service,
      ready: { kind: 'failed-to-start', detail: 'OCI runtime create failed' },
      exercise: { kind: 'none' },
    });
    expect(start.map((c) => c.name)).toEqual(['ready', 'canary']);
    expect(verdictOf(start)).toBe('fail');
    expect(verdictOf(runChecks({ ...service, end: { kind: 'exited', exitCode: 137, oomKilled: true } }))).toBe('fail');
    expect(verdictOf(runChecks({ ...service, canary: { ok: false, detail: 'ran' } }))).toBe('fail');
  });

  it('counts an exercise ended by --duration as done, and an empty checklist as a failure', () => {
    expect(
      verdictOf(
        runChecks({
          ...service,
          exercise: { kind: 'ran', end: { kind: 'duration' } },
        }),
      ),
    ).toBe('pass');
    expect(verdictOf([])).toBe('fail');
  });
});
