#!/usr/bin/env node
// The `prepare` lifecycle (npm ci, npm pack, npm install from git): build dist/ (scripts/build.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TSC = 'node_modules/typescript/bin/tsc';
if (!existsSync(TSC)) {
  // `npm install -g <git url>` prepares the clone without installing its dependencies into it
  // (npm/cli#8440, npm 7 to 11), so there is nothing to build with. `npm pack <git url>` prepares
  // it properly: say so instead of failing with "tsc: not found".
  process.stderr.write(
    'seccompose: cannot build: its devDependencies are not installed here (typescript is missing).\n' +
      (process.env.npm_config_global === 'true'
        ? 'npm install -g from git does not install them (npm/cli#8440). Install in two steps:\n' +
          '  npm pack <git url> && npm install -g ./seccompose-*.tgz\n'
        : 'Run `npm ci` (or `npm install`) in the checkout first.\n'),
  );
  process.exit(1);
}
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
