import { exerciseProblem } from '../workload/drive.js';
import type { ExerciseEnd } from '../workload/exercise.js';
import type { Check } from './report.js';

/** How the workload came up. */
export type ReadyFact =
  | { kind: 'ready'; detail: string }
  | { kind: 'exited-before-ready'; exitCode: number }
  | { kind: 'never-ready'; detail: string }
  | { kind: 'failed-to-start'; detail: string };

/** What the exercise command did (absent when there was none, or it did not run). */
export type ExerciseFact = { kind: 'none' } | { kind: 'skipped'; why: string } | { kind: 'ran'; end: ExerciseEnd };

/** How the workload ended. */
export type EndFact =
  /** It exited by itself (a one-shot job), with this status. */
  | { kind: 'exited'; exitCode: number; oomKilled: boolean }
  /** It was still up and seccompose stopped it (SIGTERM, SIGKILL after the grace period). */
  | { kind: 'stopped'; exitCode: number; graceS: number };

/** Everything one enforce run established, the canary's judgement included. */
export interface RunFacts {
  ready: ReadyFact;
  exercise: ExerciseFact;
  end: EndFact;
  canary: { ok: boolean; detail: string } | undefined;
}

/** Exit statuses of a service that honoured SIGTERM: clean exit, or died of the signal (128+15). */
const SIGTERM_EXITS = new Set([0, 143]);
const SIGKILL_EXIT = 137;

/** The checklist of one enforce run, in a fixed order. */
export function runChecks(facts: RunFacts): Check[] {
  const checks: Check[] = [readyCheck(facts.ready, facts.exercise)];
  const exercise = exerciseCheck(facts.exercise);
  if (exercise) checks.push(exercise);
  if (facts.ready.kind !== 'failed-to-start') checks.push(endCheck(facts.end));
  if (facts.canary) checks.push({ name: 'canary', ...facts.canary });
  return checks;
}

/** pass when every check is ok (and there is at least one). */
export function verdictOf(checks: readonly Check[]): 'pass' | 'fail' {
  return checks.length > 0 && checks.every((c) => c.ok) ? 'pass' : 'fail';
}

function readyCheck(ready: ReadyFact, exercise: ExerciseFact): Check {
  switch (ready.kind) {
    case 'ready':
      return { name: 'ready', ok: true, detail: `the workload started and became ready (${ready.detail})` };
    case 'exited-before-ready': {
      const needed = exercise.kind !== 'none';
      return {
        name: 'ready',
        ok: !needed,
        detail: needed
          ? `the workload exited with code ${ready.exitCode} before it was ready, so the exercise could not run`
          : `the workload ran to completion (exit code ${ready.exitCode}) without needing to be ready`,
      };
    }
    case 'never-ready':
      return { name: 'ready', ok: false, detail: `the workload never became ready: ${ready.detail}` };
    case 'failed-to-start':
      return { name: 'ready', ok: false, detail: `the workload did not start under the profile: ${ready.detail}` };
  }
}

function exerciseCheck(exercise: ExerciseFact): Check | undefined {
  switch (exercise.kind) {
    case 'none':
      return undefined;
    case 'skipped':
      return { name: 'exercise', ok: false, detail: `the exercise did not run: ${exercise.why}` };
    case 'ran': {
      if (exercise.end.kind === 'duration')
        return { name: 'exercise', ok: true, detail: 'the exercise ran until --duration ended it' };
      const problem = exerciseProblem(exercise.end);
      return problem
        ? { name: 'exercise', ok: false, detail: problem }
        : { name: 'exercise', ok: true, detail: 'the exercise command exited 0' };
    }
  }
}

function endCheck(end: EndFact): Check {
  if (end.kind === 'exited') {
    if (end.oomKilled)
      return {
        name: 'workload-exit',
        ok: false,
        detail: `the workload was killed for lack of memory (exit code ${end.exitCode})`,
      };
    return end.exitCode === 0
      ? { name: 'workload-exit', ok: true, detail: 'the workload exited by itself with code 0' }
      : {
          name: 'workload-exit',
          ok: false,
          detail: `the workload exited by itself with code ${end.exitCode}${signalNote(end.exitCode)}`,
        };
  }
  if (SIGTERM_EXITS.has(end.exitCode)) {
    return {
      name: 'stop',
      ok: true,
      detail: `the workload was up until it was stopped and honoured SIGTERM (exit code ${end.exitCode})`,
    };
  }
  if (end.exitCode === SIGKILL_EXIT) {
    return {
      name: 'stop',
      ok: false,
      detail: `the workload did not end within ${end.graceS}s of SIGTERM and was killed (exit code 137); its shutdown path may call a denied syscall`,
    };
  }
  return {
    name: 'stop',
    ok: false,
    detail: `the workload was up until it was stopped, then exited with code ${end.exitCode}${signalNote(end.exitCode)}`,
  };
}

function signalNote(code: number): string {
  if (code === 159) return ' (killed by SIGSYS: a syscall the profile kills)';
  if (code > 128 && code < 160) return ` (killed by signal ${code - 128})`;
  return '';
}
