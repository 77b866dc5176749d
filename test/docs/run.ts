import { spawn, spawnSync } from 'node:child_process';
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

/** The files a scratch directory starts with (a folder of the repository), and whether it tags EXAMPLE_IMAGES. */
export interface WorldOptions {
  fixture: string;
  tagImages: boolean;
}

/** A scratch directory and the ways to run documented commands in it. */
export interface DocWorld {
  dir: string;
  run: (command: string, timeoutMs: number) => DocRun;
  runSession: (commands: string[], timeoutMs: number) => DocRun[];
  /** runSession without blocking: for a chain of commands that runs beside the others. */
  startSession: (commands: string[], timeoutMs: number) => Promise<DocRun[]>;
  dispose: () => void;
}

/**
 * A private scratch directory where the examples run as a user types them: `seccompose` on PATH
 * (the built CLI), the files of the fixture folder, and (with tagImages) the example image names
 * tagged from the suite's images. `dispose` removes the directory and the tags.
 */
export function createDocWorld(
  options: WorldOptions = { fixture: 'test/fixtures/docs/world', tagImages: true },
): DocWorld {
  const dir = mkdtempSync(join(tmpdir(), 'seccompose-doctest-'));
  chmodSync(dir, 0o700);
  const bin = join(dir, '.bin');
  cpSync(join(repoRoot, options.fixture), dir, { recursive: true });
  // The README names the repository's fixtures by their path in the checkout (test/fixtures/...).
  symlinkSync(join(repoRoot, 'test'), join(dir, 'test'));
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'seccompose'),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(repoRoot, 'bin/seccompose'))} "$@"\n`,
    { mode: 0o755 },
  );
  const images = options.tagImages ? Object.entries(EXAMPLE_IMAGES) : [];
  for (const [name, from] of images) spawnSync('docker', ['tag', from, name]);
  // No pager: `man ./seccompose.1` prints the page, as it does when its output is not a terminal.
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    HOME: dir,
    NO_COLOR: '1',
    MANPAGER: 'cat',
    PAGER: 'cat',
  };
  // timeout(1) signals its whole process group, so nothing an example started outlives it.
  const timeoutArgs = (timeoutMs: number) => ['-k', '5', String(Math.ceil(timeoutMs / 1000))];
  const spawnOptions = (timeoutMs: number) =>
    ({
      cwd: dir,
      env,
      encoding: 'utf8',
      timeout: timeoutMs + 15_000,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024 * 1024,
      input: '',
    }) as const;
  return {
    dir,
    run: (command, timeoutMs) => {
      const args = [...timeoutArgs(timeoutMs), 'bash', '-c', `{ ${command}\n} 2>&1`];
      const r = spawnSync('timeout', args, spawnOptions(timeoutMs));
      return { code: r.status, output: r.stdout ?? '' };
    },
    runSession: (commands, timeoutMs) => {
      const args = [...timeoutArgs(timeoutMs), 'bash', '-c', sessionScript(commands)];
      const r = spawnSync('timeout', args, spawnOptions(timeoutMs));
      return splitSession(r.stdout ?? '', r.status, commands.length);
    },
    startSession: (commands, timeoutMs) =>
      new Promise((resolve) => {
        const args = [...timeoutArgs(timeoutMs), 'bash', '-c', sessionScript(commands)];
        const child = spawn('timeout', args, {
          cwd: dir,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: timeoutMs + 15_000,
          killSignal: 'SIGKILL',
        });
        let stdout = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
        });
        child.on('close', (code) => resolve(splitSession(stdout, code, commands.length)));
      }),
    dispose: () => {
      for (const [name] of images) spawnSync('docker', ['rmi', name]);
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

// One shell for a whole block, as a reader types it: variables and $? carry from one command to
// the next. Each command's output and exit code are told apart by a marker line.
function sessionScript(commands: string[]): string {
  return ['exec 2>&1', ...commands.flatMap((c) => [c, `__rc=$?; echo "${MARK}$__rc"; (exit $__rc)`])].join('\n');
}

function splitSession(stdout: string, status: number | null, count: number): DocRun[] {
  const runs: DocRun[] = [];
  let output = '';
  for (const line of stdout.split('\n')) {
    // The marker follows the command's last line when that line has no newline of its own.
    const marked = MARKED.exec(line);
    if (marked) {
      runs.push({ code: Number(marked[2]), output: marked[1] ? `${output}${marked[1]}\n` : output });
      output = '';
    } else output += `${line}\n`;
  }
  if (runs.length < count) runs.push({ code: status, output });
  return runs;
}
