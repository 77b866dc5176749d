import { execFileSync } from 'node:child_process';

// The CLI end-to-end tests run the built binary: build once before any test file runs.
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
