import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';
import { createDocWorld, type DocRun } from './run.js';
import { type DocCommand, readDocBlocks, readHelpExamples, transcriptMismatch } from './transcript.js';

/**
 * Help examples that would write outside the scratch directory or need an interactive shell: each
 * runs as the command given instead (the same output, kept in the scratch directory, then loaded
 * as the shell would load it), with the reason in the test's name.
 */
const RUN_INSTEAD: Readonly<Record<string, { command: string; why: string }>> = {
  'seccompose completion bash > /etc/bash_completion.d/seccompose': {
    command:
      "mkdir -p etc/bash_completion.d && seccompose completion bash > etc/bash_completion.d/seccompose && bash -n etc/bash_completion.d/seccompose && bash -c 'source etc/bash_completion.d/seccompose && complete -p seccompose'",
    why: "/etc is the machine's: written to the scratch directory and sourced from there",
  },
  'seccompose completion zsh > "${fpath[1]}/_seccompose"': {
    command:
      'zsh -fc \'fpath=($PWD/zsh-functions $fpath); mkdir -p $fpath[1]; seccompose completion zsh > "${fpath[1]}/_seccompose" && autoload -Uz compinit && compinit -u -d $PWD/.zcompdump && (( $+_comps[seccompose] ))\'',
    why: 'a zsh with a scratch directory first in its fpath, then compinit must find _seccompose',
  },
};

/** Help examples documented to come out negative (their help line says so), with that exit code. */
const EXPECTED_EXIT: Readonly<Record<string, number>> = {
  'seccompose diff ls.json nginx.json --fail-on added': 1,
  'seccompose diff ls.json nginx.json --exit-code --quiet': 1,
  "seccompose lint 'seccomp/**/*.json' --fail-on warning": 1,
};

/** The commands whose help is executed, in the order a user follows them (later ones use earlier outputs). */
const HELP_ORDER = [
  'record',
  'generate',
  'emit',
  'verify',
  'caps minimize',
  'diff',
  'lint',
  'merge',
  'report',
  'cleanup',
  'completion',
];

const TIMEOUT_MS = 90_000;

/** The exit code, and the output where the documentation shows it (a transcript; not a script or a help line). */
function check(run: DocRun, doc: DocCommand): void {
  const context = `${doc.command}\n--- output ---\n${run.output}`;
  expect(run.code, context).toBe(doc.exitCode);
  if (doc.expected) expect(transcriptMismatch(doc.expected, run.output), context).toBeUndefined();
}

/** Everything the examples use: the engine and every tracer (CI has them all). */
const NEEDS = ['engine', 'strace', 'bpftrace', 'auditd', 'runc'] as const;

describe('documentation that runs', () => {
  let world: ReturnType<typeof createDocWorld>;
  beforeAll(() => {
    world = createDocWorld();
  });
  afterAll(() => world.dispose());

  describe('every --help example, in a scratch directory', () => {
    for (const name of HELP_ORDER) {
      const help = runCli([...name.split(' '), '--help']).stdout;
      for (const example of readHelpExamples(help)) {
        const instead = RUN_INSTEAD[example];
        const command = instead?.command ?? example;
        it(
          instead ? `${name}: ${example}  (run as: ${command}; ${instead.why})` : `${name}: ${example}`,
          (ctx) => {
            requireComponents(ctx, ...NEEDS);
            check(world.run(command, TIMEOUT_MS), { command, exitCode: EXPECTED_EXIT[example] ?? 0 });
          },
          TIMEOUT_MS + 10_000,
        );
      }
    }
  });

  describe('every console and sh block of the README', () => {
    const blocks = readDocBlocks(readFileSync(join(repoRoot, 'README.md'), 'utf8'));

    it('marks every block as run or skip (with the reason)', () => {
      expect(blocks.filter((b) => !b.mode).map((b) => `README.md:${b.line}`)).toEqual([]);
      expect(blocks.filter((b) => b.mode?.kind === 'skip' && !b.mode.reason).map((b) => `README.md:${b.line}`)).toEqual(
        [],
      );
    });

    for (const block of blocks) {
      const title = `README.md:${block.line} (${block.lang})`;
      if (block.mode?.kind !== 'run') {
        it.skip(`${title}  (skipped: ${block.mode?.kind === 'skip' ? block.mode.reason : 'unmarked'})`, () =>
          undefined);
        continue;
      }
      it(
        title,
        (ctx) => {
          requireComponents(ctx, ...NEEDS);
          const runs = world.runSession(
            block.commands.map((c) => c.command),
            TIMEOUT_MS * block.commands.length,
          );
          block.commands.forEach((command, i) => check(runs[i] ?? { code: null, output: '' }, command));
        },
        TIMEOUT_MS * Math.max(1, block.commands.length),
      );
    }
  });
});

describe('the doc-test sees commands as the shell does', () => {
  it('runs in bash with seccompose on PATH', () => {
    const world = createDocWorld();
    try {
      const r = world.run('command -v seccompose && seccompose --version', 30_000);
      expect(r.code).toBe(0);
      expect(r.output).toMatch(/\/\.bin\/seccompose\n\d+\.\d+\.\d+\n$/);
    } finally {
      world.dispose();
    }
  });
});
