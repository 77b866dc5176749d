import { Option, type Command } from 'commander';
import { compareProfiles } from '../../diff/compare.js';
import { resolveContextFromOptions } from '../resolve-options.js';
import { allowsMore } from '../../diff/diff.js';
import type { Act } from '../context.js';
import { CheckFailedError, ExitCode } from '../../errors.js';
import { renderDiffJson } from '../render/diff-json.js';
import { renderDiffMarkdown } from '../render/diff-markdown.js';
import { renderDiffText } from '../render/diff-text.js';

interface DiffOptions {
  arch: string;
  caps: string;
  kernel?: string;
  format: 'text' | 'json' | 'markdown';
  json?: boolean;
  failOnAdded?: boolean;
}

const RENDERERS = { text: renderDiffText, json: renderDiffJson, markdown: renderDiffMarkdown } as const;

const EXAMPLES = `
Both profiles are resolved for one host first (archMap, includes/excludes by arch, caps and
minKernel, exactly as dockerd applies them), then compared per syscall name. "Allowed" means
reachable with ALLOW or LOG, unconditionally or for some arguments.

Examples:
  seccompose diff docker-default my.json                  attack surface my.json removes
  seccompose diff old.json new.json --fail-on-added       CI gate: exit 1 if new allows more
  seccompose diff old.json new.json --format markdown     a pull-request comment
  seccompose diff docker-default podman.json --caps all --json
  cat new.json | seccompose diff old.json -               read the new profile from stdin

Exit codes: 0 the diff was printed (differences are information, not failure), 1 with
--fail-on-added when the new profile allows a syscall the old did not or widens an argument
filter, 2 bad flags or an unreadable/invalid profile.`;

/** `seccompose diff <old> <new>`: compare two resolved profiles. */
export function registerDiff(program: Command, act: Act): void {
  program
    .command('diff')
    .description('compare two seccomp profiles as they apply to one host: syscalls added, removed, changed')
    .argument('<old>', 'old (baseline) profile: a path, docker-default, or - for stdin')
    .argument('<new>', 'new profile: a path, docker-default, or - for stdin')
    .option('--arch <arch>', 'daemon architecture (x86_64, aarch64, s390x, … or SCMP_ARCH_*)', 'x86_64')
    .option(
      '--caps <caps>',
      'bounding capabilities: default, all, none or CAP_X,CAP_Y (may include default)',
      'default',
    )
    .option('--kernel <X.Y>', 'host kernel major.minor for minKernel rules (default: the running kernel)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--json', 'same as --format json')
    .option('--fail-on-added', 'exit 1 when the new profile allows anything the old one did not')
    .addHelpText('after', EXAMPLES)
    .action(
      act(async ({ stdout }, oldRef: string, newRef: string, options: DiffOptions) => {
        const resolveContext = resolveContextFromOptions(options);
        const comparison = await compareProfiles(oldRef, newRef, resolveContext);
        stdout.write(RENDERERS[options.json ? 'json' : options.format](comparison));
        if (options.failOnAdded && allowsMore(comparison.diff)) {
          const { added, widened } = comparison.diff;
          throw new CheckFailedError(
            `${newRef} allows more than ${oldRef}: ${added.length} syscall(s) newly allowed, ${widened.length} argument filter(s) widened (--fail-on-added)`,
            { hint: 'the diff above lists them; drop --fail-on-added to accept a wider profile' },
          );
        }
        return ExitCode.ok;
      }),
    );
}
