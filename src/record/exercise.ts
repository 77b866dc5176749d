import type { Runner, RunResult } from '../exec/run.js';

/** How long an exercise command may run before it is stopped (SIGTERM, then SIGKILL). */
export const EXERCISE_TIMEOUT_MS = 10 * 60_000;

export interface ExerciseOptions {
  runner: Runner;
  signal: AbortSignal;
  /** Extra environment for the driver, e.g. SECCOMPOSE_CONTAINER_IP, SECCOMPOSE_PORT_80. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Run the user's exercise command the way a compose healthcheck's CMD-SHELL runs: `sh -c CMD`.
 * The command text is the user's own shell code, passed as one argument, never built from other
 * input. Its output goes to our stderr so that stdout stays the product.
 */
export async function runExercise(command: string, options: ExerciseOptions): Promise<RunResult> {
  const result = await options.runner.run('sh', ['-c', command], {
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? EXERCISE_TIMEOUT_MS,
    env: options.env,
  });
  if (result.stdout) process.stderr.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  return result;
}
