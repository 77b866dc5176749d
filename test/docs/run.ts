import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

const MARK = '__seccompose_doctest_exit=';
const MARKED = new RegExp(`^(.*)${MARK}(\\d+)$`);

/** What one documented command did. */
export interface DocRun {
  code: number | null;
  /** stdout and stderr interleaved as a terminal shows them. */
  output: string;
}

/** Image names the examples use, made from the suite's local images (nothing is pulled). */
export const EXAMPLE_IMAGES: Readonly<Record<string, string>> = {
  'my/web': 'seccompose/nginx:1',
  'my/server': 'seccompose/workload:1',
};

/**
 * A private scratch directory where the examples run as a user types them: `seccompose` on PATH
 * (the built CLI), the example files from test/fixtures/docs/world and the compose project of
 * test/fixtures/compose-shop, and the example image names
 * tagged from the suite's images. `dispose` removes the directory and the tags.
 */
export function createDocWorld(): {
  dir: string;
  run: (command: string, timeoutMs: number) => DocRun;
  runSession: (commands: string[], timeoutMs: number) => DocRun[];
  dispose: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'seccompose-doctest-'));
  chmodSync(dir, 0o700);
  const bin = join(dir, '.bin');
  cpSync(join(repoRoot, 'test/fixtures/docs/world'), dir, { recursive: true });
  // The compose examples' project: the suite's three-service shop (images from scripts/setup).
  cpSync(join(repoRoot, 'test/fixtures/compose-shop'), dir, { recursive: true });
  // The README names the repository's fixtures by their path in the checkout (test/fixtures/...).
  symlinkSync(join(repoRoot, 'test'), join(dir, 'test'));
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'seccompose'),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(repoRoot, 'bin/seccompose'))} "$@"\n`,
    { mode: 0o755 },
  );
  for (const [name, from] of Object.entries(EXAMPLE_IMAGES)) spawnSync('docker', ['tag', from, name]);
  // No pager: `man ./seccompose.1` prints the page, as it does when its output is not a terminal.
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    HOME: dir,
    NO_COLOR: '1',
    MANPAGER: 'cat',
    PAGER: 'cat',
  };
  return {
    dir,
    run: (command, timeoutMs) => {
      // timeout(1) signals its whole process group, so nothing an example started outlives it.
      const r = spawnSync(
        'timeout',
        ['-k', '5', String(Math.ceil(timeoutMs / 1000)), 'bash', '-c', `{ ${command}\n} 2>&1`],
        {
          cwd: dir,
          env,
          encoding: 'utf8',
          timeout: timeoutMs + 15_000,
          killSignal: 'SIGKILL',
          maxBuffer: 64 * 1024 * 1024,
          input: '',
        },
      );
      return { code: r.status, output: r.stdout ?? '' };
    },
    // One shell for a whole block, as a reader types it: variables and $? carry from one command to
    // the next. Each command's output and exit code are told apart by a marker line.
    runSession: (commands, timeoutMs) => {
      const script = ['exec 2>&1', ...commands.flatMap((c) => [c, `__rc=$?; echo "${MARK}$__rc"; (exit $__rc)`])].join(
        '\n',
      );
      const r = spawnSync('timeout', ['-k', '5', String(Math.ceil(timeoutMs / 1000)), 'bash', '-c', script], {
        cwd: dir,
        env,
        encoding: 'utf8',
        timeout: timeoutMs + 15_000,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        input: '',
      });
      const runs: DocRun[] = [];
      let output = '';
      for (const line of (r.stdout ?? '').split('\n')) {
        // The marker follows the command's last line when that line has no newline of its own.
        const marked = MARKED.exec(line);
        if (marked) {
          runs.push({ code: Number(marked[2]), output: marked[1] ? `${output}${marked[1]}\n` : output });
          output = '';
        } else output += `${line}\n`;
      }
      if (runs.length < commands.length) runs.push({ code: r.status, output });
      return runs;
    },
    dispose: () => {
      for (const name of Object.keys(EXAMPLE_IMAGES)) spawnSync('docker', ['rmi', name]);
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
