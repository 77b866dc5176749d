import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

// bin/seccompose, the sh launcher, started the ways a user starts it: from other directories,
// through symlinks, with odd directory names, without node.
const dir = mkdtempSync(join(tmpdir(), 'seccompose-launcher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const launcher = join(repoRoot, 'bin/seccompose');

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, {
    cwd: options.cwd ?? dir,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A package directory `name` under dir whose bin/seccompose is a copy of the launcher (dist/ linked in, or not). */
function copiedPackage(name: string, withDist: boolean): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync(launcher, join(root, 'bin/seccompose'));
  if (withDist) symlinkSync(join(repoRoot, 'dist'), join(root, 'dist'));
  return root;
}

describe('bin/seccompose', () => {
  it('runs through a symlinked bin/ directory (Node would read bin/.. by the letters: the link’s parent)', () => {
    const linked = join(dir, 'linked');
    mkdirSync(linked);
    symlinkSync(join(repoRoot, 'bin'), join(linked, 'bin'));
    const absolute = run(join(linked, 'bin/seccompose'), ['--version']);
    expect(absolute.code, absolute.stderr).toBe(0);
    expect(absolute.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    // Relative, and with a CDPATH holding another bin/: the launcher's cd must not go there.
    const cdpath = join(dir, 'cdpath');
    mkdirSync(join(cdpath, 'bin'), { recursive: true });
    const relative = run('bin/seccompose', ['--version'], { cwd: linked, env: { CDPATH: cdpath } });
    expect(relative.code, relative.stderr).toBe(0);
    expect(relative.stdout).toBe(absolute.stdout);
  });

  it('runs from a relative path whose first directory starts with "-" (not an option of sh, readlink or node)', () => {
    copiedPackage('-dash pkg', true);
    mkdirSync(join(dir, '-dash pkg/links'));
    symlinkSync('../bin/seccompose', join(dir, '-dash pkg/links/seccompose'));
    for (const path of ['-dash pkg/bin/seccompose', '-dash pkg/links/seccompose']) {
      const r = run(path, ['--version']);
      expect(r.code, `${path}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    }
  });

  it('without dist/ next to it: exit 3, naming the file it looked for', () => {
    const root = copiedPackage('unbuilt', false);
    const r = run(join(root, 'bin/seccompose'), ['--version']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`seccompose: the CLI is not built yet: ${join(root, 'dist/main.js')} is missing.`);
    expect(r.stderr).toContain('hint: run `npm ci && npm run build`');
  });

  it('without node on PATH: exit 3 and what to do, not the shell’s "exec: node: not found" (127)', () => {
    const r = run(launcher, ['--version'], { env: { PATH: join(dir, 'no-such-dir') } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('seccompose: node is not on PATH');
    expect(r.stderr).toMatch(/hint: install Node\.js 20/);
  });
});
