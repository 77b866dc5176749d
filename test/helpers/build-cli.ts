import { execFileSync } from 'node:child_process';

// The e2e and integration tests run the built binary: build once before their files run.
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
