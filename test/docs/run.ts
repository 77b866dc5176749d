import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
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

/** What a scratch directory starts with: [from, to] paths (repository → directory), and its extras. */
export interface WorldOptions {
  copy: ReadonlyArray<readonly [string, string]>;
  /** Tag EXAMPLE_IMAGES (the --help examples' image names). */
  tagImages?: boolean;
  /** Link the repository's test/ (the README names fixtures by their path in the checkout). */
  linkTest?: boolean;
  /** Link the repository's node_modules (npm scripts of a copy of the checkout). */
  linkNodeModules?: boolean;
}

/**
 * The scratch directories a README block can run in (`<!-- doctest: run in NAME -->`); `docs` is
 * the --help examples' and every other block's.
 */
export const WORLDS: Readonly<Record<string, WorldOptions>> = {
  docs: { copy: [['test/fixtures/docs/world', '.']], tagImages: true, linkTest: true },
  // The compose examples' project: the suite's three-service shop (images from scripts/setup).
  'compose-shop': { copy: [['test/fixtures/compose-shop', '.']], linkTest: true },
  // What the generators read and write, so that they regenerate a copy, never the checkout.
  checkout: {
    copy: ['package.json', 'tsconfig.json', 'scripts', 'src', 'profiles', 'test/fixtures/reference'].map(
      (p) => [p, p] as const,
    ),
    linkNodeModules: true,
  },
};

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
 * (the built CLI), the files of WorldOptions, and (with tagImages) the example image names
 * tagged from the suite's images. `dispose` removes the directory and the tags.
 */
export function createDocWorld(options: WorldOptions = WORLDS.docs!): DocWorld {
  const dir = mkdtempSync(join(tmpdir(), 'seccompose-doctest-'));
  chmodSync(dir, 0o700);
  const bin = join(dir, '.bin');
  for (const [from, to] of options.copy) cpSync(join(repoRoot, from), join(dir, to), { recursive: true });
  if (options.linkTest) symlinkSync(join(repoRoot, 'test'), join(dir, 'test'));
  if (options.linkNodeModules) symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(bin);
  // As `npm install -g` links it: the launcher finds the CLI through the link.
  symlinkSync(join(repoRoot, 'bin/seccompose'), join(bin, 'seccompose'));
  const images = options.tagImages ? Object.entries(EXAMPLE_IMAGES) : [];
  for (const [name, from] of images) spawnSync('docker', ['tag', from, name]);
  // No pager: `man ./seccompose.1` prints the page, as it does when its output is not a terminal.
  // A state directory of its own: what other seccompose processes on the machine left behind (or
  // are doing) is not this directory's, so `record` warns and `cleanup` reports only its own.
  const env = {
    ...process.env,
    SECCOMPOSE_STATE_DIR: join(dir, '.state'),
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
