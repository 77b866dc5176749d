import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordLoads, repoRoot } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'seccompose-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

/** Which source files each file of the bundle holds (scripts/build.mjs writes dist/meta.json). */
const chunks = (JSON.parse(readFileSync(join(repoRoot, 'dist', 'meta.json'), 'utf8')) as Metafile).outputs;

/**
 * The source the built CLI loads for `args`: packages by name, our own files by path below src/.
 * The bundle's files it loads are mapped back to the modules they hold; a package outside the
 * bundle (pino) is seen by its own URL.
 */
function loadedBy(
  args: string[],
  input = '',
): { code: number | null; stderr: string; packages: string[]; own: string[] } {
  const loads = join(dir, `loads-${Math.random().toString(36).slice(2)}.txt`);
  const r = spawnSync(join(repoRoot, 'bin/seccompose'), args, {
    input,
    cwd: dir,
    env: { ...process.env, ...recordLoads(loads) },
    encoding: 'utf8',
  });
  const urls = readFileSync(loads, 'utf8').split('\n').filter(Boolean);
  const sources = urls.flatMap((u) => {
    const chunk = /\/(dist\/[^/]+\.js)$/.exec(u)?.[1];
    return chunk === undefined ? [u] : Object.keys(chunks[chunk]?.inputs ?? {});
  });
  const packages = [...new Set(sources.flatMap((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []))];
  const own = sources.flatMap((u) => /^src\/(.+\.ts)$/.exec(u)?.[1] ?? []);
  return { code: r.status, stderr: r.stderr, packages: packages.sort(), own };
}

const TRACE = [
  '100 execve("/bin/true", ["true"], 0x7ffd /* 1 var */) = 0',
  '100 brk(NULL)                         = 0x55d5f7a4e000',
  '100 exit_group(0)                     = ?',
  '100 +++ exited with 0 +++',
  '',
].join('\n');

describe('start-up loads only what the command needs (each command imports its implementation when it runs)', () => {
  it.each([['--version'], ['--help'], ['lint', '--help'], ['record', '--help'], ['verify', '--help']])(
    'seccompose %s loads commander and the command definitions, no implementation',
    (...args) => {
      const r = loadedBy(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.packages).toEqual(['commander']);
      expect(r.own).toContain('cli/main.ts');
      expect(r.own.filter((f) => f.endsWith('-run.ts'))).toEqual([]);
    },
  );

  it('completion loads the completion implementation only', () => {
    const r = loadedBy(['completion', 'bash']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.own.filter((f) => f.endsWith('-run.ts'))).toEqual(['cli/commands/completion-run.ts']);
  });

  it('record --from-strace loads no package but commander (no process runner, logger, YAML or schema library)', () => {
    const r = loadedBy(['record', '-q', '-o', '-', '--from-strace', '-'], TRACE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.packages).toEqual(['commander']);
    expect(r.own).not.toContain('exec/run.ts');
    expect(r.own).not.toContain('cli/commands/record-live.ts');
  });
});
