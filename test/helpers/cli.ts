import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/seccompose', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built `bin/seccompose` with arguments (and optional stdin); never through a shell. */
export function runCli(
  args: string[],
  options: { input?: string; cwd?: string; env?: Record<string, string> } = {},
): CliResult {
  const r = spawnSync(bin, args, {
    input: options.input ?? '',
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Environment for a CLI run that appends the URL of every module it loads to `file` (record-loads.mjs). */
export function recordLoads(file: string): Record<string, string> {
  const hooks = join(repoRoot, 'test/helpers/record-loads.mjs');
  const options = [process.env.NODE_OPTIONS, `--import=${JSON.stringify(hooks)}`].filter(Boolean).join(' ');
  return { NODE_OPTIONS: options, SECCOMPOSE_TEST_LOADS: file };
}
