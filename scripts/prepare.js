#!/usr/bin/env node
// The `prepare` lifecycle (npm ci, npm pack, npm install from git): build dist/.
// `npm install -g <git url>` prepares the clone with the outer install's global flag still set, so
// nothing gets installed into the clone and tsc is missing (npm/cli#8440). Then install the clone's
// own dependencies first, locally, as npm meant to, and build.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const TSC = 'node_modules/typescript/bin/tsc';
if (!existsSync(TSC)) {
  const npm = process.env.npm_execpath;
  const args = ['install', '--global=false', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund'];
  if (npm) execFileSync(process.execPath, [npm, ...args], { stdio: 'inherit' });
  else execFileSync('npm', args, { stdio: 'inherit' });
}
execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
