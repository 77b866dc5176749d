import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

const npm = (args: string[], cwd = repoRoot) =>
  spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, npm_config_fund: 'false' },
  });

// What `npm pack` ships, installed the way a user installs it: into a prefix of its own, run from
// outside the checkout. --ignore-scripts: the global setup has just built dist/ from this source
// (prepare would build it again under the other e2e files running beside this one).
describe('the npm package', () => {
  const work = mkdtempSync(join(tmpdir(), 'seccompose-pack-'));
  // The prefix holds the installed dependencies: thousands of files, slow to remove on a busy disk.
  afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

  it('installs from `npm pack` into a fresh prefix and runs: --version, setup --help, lint; man page and completion installed', () => {
    const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work]);
    expect(packed.status, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    const files = info.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/seccompose', 'dist/main.js', 'scripts/setup']));
    expect(files).toEqual(expect.arrayContaining(['profiles/docker-default.json', 'package.json']));
    expect(files.filter((f) => /^(src|test)\/|\.map$/.test(f))).toEqual([]);

    const prefix = join(work, 'prefix');
    const installed = npm(['install', '--global', '--prefix', prefix, '--no-audit', join(work, info.filename)], work);
    expect(installed.status, installed.stderr).toBe(0);
    const seccompose = (args: string[]) =>
      spawnSync(join(prefix, 'bin', 'seccompose'), args, { cwd: work, encoding: 'utf8', timeout: 60_000 });

    const version = seccompose(['--version']);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const setup = seccompose(['setup', '--help']);
    expect(setup.status, setup.stderr).toBe(0);
    expect(setup.stdout).toContain('It runs the script scripts/setup that ships in the package');
    expect(existsSync(join(prefix, 'lib', 'node_modules', 'seccompose', 'scripts', 'setup'))).toBe(true);
    const lint = seccompose(['lint', 'docker-default', '--fail-on', 'never']);
    expect(lint.status, lint.stderr).toBe(0);
    expect(lint.stdout).toMatch(/in 1 file\n$/);

    // The manual page (package.json "man") and the shell completion (postinstall), as built.
    const built = (relative: string) => readFileSync(join(repoRoot, 'dist', relative), 'utf8');
    for (const file of [
      'share/man/man1/seccompose.1',
      'share/bash-completion/completions/seccompose',
      'share/zsh/site-functions/_seccompose',
    ]) {
      expect(readFileSync(join(prefix, file), 'utf8'), file).toBe(built(file));
    }
  }, 300_000);
});
