import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readlinkSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'robust-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const emit = (out: string, ...extra: string[]) =>
  runCli(['emit', 'docker-default', '--format', 'oci', '-o', out, ...extra]);

describe('-o refuses anything that is not a regular file or absent', () => {
  it.each([
    ['a character device', '/dev/null'],
    ['a directory', dir],
  ])('%s, with or without --force', (kind, path) => {
    for (const force of [[], ['--force']]) {
      const r = emit(path, ...force);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`is ${kind}, not a regular file`);
    }
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a FIFO, even with --force, stays a FIFO', () => {
    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = emit(fifo, '--force');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a FIFO');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a dangling symlink needs --force like any existing path', () => {
    const link = join(dir, 'dangling.json');
    symlinkSync(join(dir, 'nowhere'), link);
    const refused = emit(link);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is a symbolic link to nothing');
    expect(readlinkSync(link)).toBe(join(dir, 'nowhere'));
    expect(emit(link, '--force').code).toBe(0);
    expect(lstatSync(link).isFile()).toBe(true);
  });
});
