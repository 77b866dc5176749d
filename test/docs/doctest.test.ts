import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';
import { createDocWorld, type DocRun, type DocWorld, WORLDS } from './run.js';
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

/**
 * Help examples that attach to something already running: each runs in a subshell of its own
 * after `before` has started it, and `after` (an EXIT trap, so it runs whatever the example did)
 * removes it; both are shown in the test's name.
 */
const AROUND: Readonly<Record<string, { before: string; after: string }>> = {
  'seccompose record --attach web -o web-attach.obs.json --duration 5': {
    before: 'docker run -d --name web seccompose/nginx:1',
    after: 'docker rm -f web',
  },
  'seccompose record -f compose.yaml --attach -p shop -o attached/ --duration 5': {
    before: 'docker-compose -p shop up -d',
    after: 'docker-compose -p shop down',
  },
};

/** The command a help example runs as: itself, or RUN_INSTEAD's, or wrapped by AROUND. */
function exampleCommand(example: string): string {
  const around = AROUND[example];
  if (around) return `(trap '${around.after}' EXIT; ${around.before} && ${example})`;
  return RUN_INSTEAD[example]?.command ?? example;
}

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

/** The help examples of a compose project (`-f compose.yaml`): they run in a world of their own. */
const COMPOSE_EXAMPLE = /\s-f compose\.yaml\s/;
/** A compose recording or verify brings three containers up and down: a few of them in a session. */
const COMPOSE_TIMEOUT_MS = 6 * TIMEOUT_MS;

const helpExamples = HELP_ORDER.flatMap((name) =>
  readHelpExamples(runCli([...name.split(' '), '--help']).stdout).map((example) => ({ name, example })),
);
const blocks = readDocBlocks(readFileSync(join(repoRoot, 'README.md'), 'utf8'));
const composeExamples = helpExamples.filter((e) => COMPOSE_EXAMPLE.test(e.example));
const composeBlocks = blocks.filter((b) => b.mode?.kind === 'run' && b.mode.world === 'compose-shop');

function exampleTitle(name: string, example: string): string {
  const instead = RUN_INSTEAD[example];
  if (instead) return `${name}: ${example}  (run as: ${instead.command}; ${instead.why})`;
  const around = AROUND[example];
  if (around) return `${name}: ${example}  (after: ${around.before}; then: ${around.after})`;
  return `${name}: ${example}`;
}

describe('documentation that runs', () => {
  let world: DocWorld;
  // The compose examples (--help's, and the README's compose blocks, each in a fresh project
  // directory) run as two sessions beside everything else and beside each other: they share no
  // file, project name or host port (the shop publishes an ephemeral one), and a compose recording
  // spends most of its time waiting for containers.
  const compose: { help?: Promise<DocRun[]>; readme?: Promise<DocRun[]>; worlds: DocWorld[] } = { worlds: [] };
  beforeAll(() => {
    world = createDocWorld();
    const [helpWorld, readmeWorld] = [createDocWorld(WORLDS['compose-shop']), createDocWorld(WORLDS['compose-shop'])];
    compose.worlds.push(helpWorld, readmeWorld);
    compose.help = helpWorld.startSession(
      composeExamples.map((e) => exampleCommand(e.example)),
      COMPOSE_TIMEOUT_MS,
    );
    const readmeCommands = composeBlocks.flatMap((b) => b.commands.map((c) => c.command));
    // The README's compose blocks record, verify and attach about twice as often as --help's examples.
    compose.readme = readmeWorld.startSession(readmeCommands, 2 * COMPOSE_TIMEOUT_MS);
  });
  // The compose sessions may still run when the others are done (or filtered out): wait for them.
  afterAll(
    async () => {
      await Promise.allSettled([compose.help, compose.readme]);
      for (const w of [world, ...compose.worlds]) w.dispose();
    },
    3 * COMPOSE_TIMEOUT_MS + 60_000,
  );

  describe('every --help example, in a scratch directory', () => {
    for (const { name, example } of helpExamples) {
      if (COMPOSE_EXAMPLE.test(example)) continue;
      const command = exampleCommand(example);
      it(
        exampleTitle(name, example),
        (ctx) => {
          requireComponents(ctx, ...NEEDS);
          check(world.run(command, TIMEOUT_MS), { command, exitCode: EXPECTED_EXIT[example] ?? 0 });
        },
        TIMEOUT_MS + 10_000,
      );
    }
  });

  describe('every console and sh block of the README', () => {
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
      const own = block.mode.world;
      if (own === 'compose-shop') continue;
      it(
        own ? `${title} (in a fresh ${own} directory)` : title,
        (ctx) => {
          requireComponents(ctx, ...NEEDS);
          const options = own ? WORLDS[own] : undefined;
          if (own && !options) throw new Error(`README.md:${block.line}: no scratch directory named ${own}`);
          const scratch = options ? createDocWorld(options) : world;
          onTestFinished(() => {
            if (scratch !== world) scratch.dispose();
          });
          const runs = scratch.runSession(
            block.commands.map((c) => c.command),
            TIMEOUT_MS * block.commands.length,
          );
          block.commands.forEach((command, i) => check(runs[i] ?? { code: null, output: '' }, command));
        },
        TIMEOUT_MS * Math.max(1, block.commands.length),
      );
    }
  });

  describe('the compose examples, run beside the others on test/fixtures/compose-shop', () => {
    composeExamples.forEach(({ name, example }, i) => {
      it(
        exampleTitle(name, example),
        async (ctx) => {
          requireComponents(ctx, ...NEEDS);
          const runs = await compose.help;
          check(runs?.[i] ?? { code: null, output: '' }, { command: example, exitCode: EXPECTED_EXIT[example] ?? 0 });
        },
        COMPOSE_TIMEOUT_MS + 20_000,
      );
    });
    let first = 0;
    for (const block of composeBlocks) {
      const from = first;
      first += block.commands.length;
      it(
        `README.md:${block.line} (${block.lang}, in compose-shop, one shell with the blocks before it there)`,
        async (ctx) => {
          requireComponents(ctx, ...NEEDS);
          const runs = (await compose.readme) ?? [];
          block.commands.forEach((command, i) => check(runs[from + i] ?? { code: null, output: '' }, command));
        },
        3 * COMPOSE_TIMEOUT_MS + 20_000,
      );
    }
  });
});

describe('the doc-test sees commands as the shell does', () => {
  it('runs in bash with seccompose on PATH', () => {
    const world = createDocWorld({ ...WORLDS.docs!, tagImages: false });
    try {
      const r = world.run('command -v seccompose && seccompose --version', 30_000);
      expect(r.code).toBe(0);
      expect(r.output).toMatch(/\/\.bin\/seccompose\n\d+\.\d+\.\d+\n$/);
    } finally {
      world.dispose();
    }
  });
});
