import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DockerEngine } from '../engine/docker.js';
import type { DockerRunSpec } from '../engine/run-args.js';
import { withTempDir } from '../io/temp-dir.js';
import { runContainerOnce } from './container-run.js';
import { sandboxArgs } from './enforce-args.js';
import { minimizeCaps, type MinimizeProgress, type MinimizeResult, type ReplayOutcome } from './minimize.js';
import { runChecks, verdictOf } from './verdict.js';
import type { ProfileUnderTest, VerifyDeps } from './verify-container.js';

/** `seccompose caps minimize`, parsed. */
export interface MinimizeRequest {
  target: ProfileUnderTest;
  spec: DockerRunSpec;
  exercise?: string;
  durationS?: number;
  exerciseTimeoutS: number;
  readyTimeoutS: number;
  graceS: number;
  start: string[];
  /** Where the starting set came from, for the report. */
  startSource: string;
  maxReplays: number;
}

/** The search result plus what it cost. */
export interface MinimizeReport {
  result: MinimizeResult;
  startSource: string;
  profile: string;
  /** Wall-clock milliseconds of each replay, in order. */
  replayMs: number[];
}

/**
 * Find the smallest capability set under which the workload (and its exercise) still passes,
 * by replaying it with `cap_drop: [ALL]` plus a candidate set under the profile.
 */
export async function minimizeContainerCaps(
  request: MinimizeRequest,
  deps: VerifyDeps,
  progress?: MinimizeProgress,
): Promise<MinimizeReport> {
  const engine = deps.engine ?? new DockerEngine(deps.runner);
  await engine.info();
  return withTempDir('minimize', async (tempDir) => {
    const seccomp = request.target.profile ? join(tempDir, 'profile.json') : 'unconfined';
    if (request.target.profile) await writeFile(seccomp, request.target.text, { mode: 0o644 });
    const replayMs: number[] = [];
    const replay = async (caps: readonly string[]): Promise<ReplayOutcome> => {
      const started = performance.now();
      const run = await runContainerOnce(
        { ...request, sandbox: sandboxArgs(seccomp, caps), canary: false },
        { engine, runner: deps.runner, logger: deps.logger, signal: deps.signal },
      );
      replayMs.push(Math.round(performance.now() - started));
      const checks = runChecks({ ready: run.ready, exercise: run.exercise, end: run.end, canary: undefined });
      const failed = checks.find((c) => !c.ok);
      return { pass: verdictOf(checks) === 'pass', failure: failed ? `${failed.name}: ${failed.detail}` : '' };
    };
    const result = await minimizeCaps(request.start, replay, request.maxReplays, progress);
    return { result, startSource: request.startSource, profile: request.target.label, replayMs };
  });
}
