import { execFileSync } from 'node:child_process';

// The e2e and integration tests run the built binary: build once (the CLI, then its manual page
// and shell completion) before their files run.
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
  execFileSync(process.execPath, ['scripts/build-docs.mjs'], { stdio: 'inherit' });
}
