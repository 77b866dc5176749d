import { execFileSync } from 'node:child_process';

/** Set once the CLI is built in this vitest run (or by scripts/test, which builds before vitest). */
const BUILT = 'SECCOMPOSE_CLI_BUILT';

// The e2e, integration, robustness and docs tests run the built binary: build it (the CLI, then
// its manual page and shell completion) before their files run, once per vitest run. Every
// project runs its global setup, one after another in vitest's main process, so the first one
// builds and marks the environment, and the others (about 14 s each here) do not build again.
export default function setup(): void {
  if (process.env[BUILT] === '1') return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  process.env[BUILT] = '1';
}
