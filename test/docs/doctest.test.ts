import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';
import { createDocWorld, type DocRun } from './run.js';
import { type DocCommand, missingLines, readDocBlocks, readHelpExamples } from './transcript.js';

/** Help examples that cannot run in a scratch directory here, each with the reason (shown as skipped). */
const COMPOSE_REASON =
  'a compose project recording takes a minute here; test/integration/compose.test.ts runs these commands on test/fixtures/compose-shop';
const ATTACH_REASON =
  'attaches to containers that already run; test/integration/attach.test.ts runs these commands against ones it starts';
const SKIPPED_EXAMPLES: Readonly<Record<string, string>> = {
  'seccompose record --attach web -o web-attach.obs.json --duration 60': ATTACH_REASON,
  'seccompose record -f compose.yaml --attach -p shop -o attached/': ATTACH_REASON,
  'seccompose record -f compose.yaml -o recordings/ --exercise \'curl -fsS "localhost:$SECCOMPOSE_PROXY_PORT_80/"\'':
    COMPOSE_REASON,
  'seccompose generate recordings/*.obs.json -f compose.yaml -o compose.override.yaml --harden': COMPOSE_REASON,
  'seccompose generate recordings/api.obs.json -f compose.yaml --into compose.yaml': COMPOSE_REASON,
  'seccompose verify -f compose.yaml -f compose.override.yaml --exercise \'curl -fsS "localhost:$SECCOMPOSE_PROXY_PORT_80/"\'':
    COMPOSE_REASON,
  'seccompose completion bash > /etc/bash_completion.d/seccompose':
    'installs into the machine, outside the scratch directory',
  'seccompose completion zsh > "${fpath[1]}/_seccompose"': 'needs an interactive zsh (fpath)',
  'seccompose completion man > seccompose.1 && man ./seccompose.1': 'opens a pager',
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

function check(run: DocRun, doc: DocCommand): void {
  expect(run.code, `${doc.command}\n--- output ---\n${run.output}`).toBe(doc.exitCode);
  expect(missingLines(doc.expected, run.output), `${doc.command}\n--- output ---\n${run.output}`).toEqual([]);
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
        const reason = SKIPPED_EXAMPLES[example];
        if (reason !== undefined) {
          it.skip(`${example}  (skipped: ${reason})`, () => undefined);
          continue;
        }
        it(
          `${name}: ${example}`,
          (ctx) => {
            requireComponents(ctx, ...NEEDS);
            check(world.run(example, TIMEOUT_MS), {
              command: example,
              expected: [],
              exitCode: EXPECTED_EXIT[example] ?? 0,
            });
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
