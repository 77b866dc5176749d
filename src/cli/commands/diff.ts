import { Option, type Command } from 'commander';
import { UsageError } from '../../errors.js';
import { compareProfiles } from '../../diff/compare.js';
import { DIFF_GATES, failedGates, hasDifferences, type DiffGate } from '../../diff/gates.js';
import { resolveContextFromOptions } from '../resolve-options.js';
import type { Act } from '../context.js';
import { CheckFailedError, ExitCode } from '../../errors.js';
import { renderDiffJson } from '../render/diff-json.js';
import { renderDiffMarkdown } from '../render/diff-markdown.js';
import { renderDiffText } from '../render/diff-text.js';
import { deliverReport, type ReportFlags } from './report-output.js';

interface DiffOptions extends ReportFlags {
  arch: string;
  caps: string;
  kernel?: string;
  format: 'text' | 'json' | 'markdown';
  json?: boolean;
  failOn: string[];
  failOnAdded?: boolean;
  exitCode?: boolean;
  service?: string;
}

const RENDERERS = { text: renderDiffText, json: renderDiffJson, markdown: renderDiffMarkdown } as const;

const EXAMPLES = `
Each side is a profile (a path, docker-default, or - for stdin), an observation (compared as the
profile generate would build from it, with the capabilities it needs) or a compose file/override
(its service's security_opt seccomp=PATH and effective capabilities; --service picks one).
Both profiles are resolved for one host first (archMap, includes/excludes by arch, caps and
minKernel, exactly as dockerd applies them), then compared per syscall name. "Allowed" means
reachable with ALLOW or LOG, unconditionally or for some arguments. Capability sets are compared
when an input carries one (a bare profile then counts as Docker's default 14).

Examples:
  seccompose diff docker-default nginx.json               attack surface nginx.json removes
  seccompose diff ls.json nginx.json --fail-on added      CI gate: exit 1 if new allows more
  seccompose diff ls.json nginx.json --fail-on high-risk,caps   only risky additions and new caps fail
  seccompose diff ls.json nginx.json --exit-code --quiet  exit 1 on any difference, like git diff
  seccompose diff ls.json nginx.json --format markdown -o diff.md   a PR comment in diff.md, text on stdout
  seccompose diff web.compose.yaml compose.seccomp.yaml --service web
  seccompose diff idle.obs.json nginx.obs.json            what the new recording changes
  cat nginx.json | seccompose diff ls.json -              read the new profile from stdin

Exit codes: 0 the diff was printed (differences are information, not failure), 1 with
--exit-code when there is any difference, or when a --fail-on gate trips (added: a syscall newly
allowed or an argument filter widened; high-risk: one of those is high-risk; caps: a capability
added); 2 bad flags or an unreadable/invalid input. --fail-on-added is --fail-on added.`;

/** `seccompose diff <old> <new>`: compare two resolved profiles (and capability sets). */
export function registerDiff(program: Command, act: Act): void {
  program
    .command('diff')
    .description('compare two seccomp profiles as they apply to one host: syscalls added, removed, changed')
    .argument('<old>', 'old (baseline): profile path, docker-default, -, observation or compose file')
    .argument('<new>', 'new: profile path, docker-default, -, observation or compose file')
    .option('--arch <arch>', 'daemon architecture (x86_64, aarch64, s390x, … or SCMP_ARCH_*)', 'x86_64')
    .option(
      '--caps <caps>',
      'bounding capabilities: default, all, none or CAP_X,CAP_Y (may include default)',
      'default',
    )
    .option('--kernel <X.Y>', 'host kernel major.minor for minKernel rules (default: the running kernel)')
    .option('--service <name>', 'the compose service to compare when an input is a compose file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--json', 'same as --format json')
    .option(
      '--fail-on <gates>',
      `exit 1 when a gate trips: ${DIFF_GATES.join(', ')} (comma-separated, repeatable)`,
      collect,
      [],
    )
    .option('--fail-on-added', 'same as --fail-on added')
    .option('--exit-code', 'exit 1 when the inputs differ at all (like git diff --exit-code)')
    .option('-o, --output <file>', 'write the --format output to FILE (replaced) and the text diff to stdout')
    .option('-q, --quiet', 'print nothing on stdout; the exit code (and -o FILE) carry the result')
    .addHelpText('after', EXAMPLES)
    .action(
      act(async ({ stdout }, oldRef: string, newRef: string, options: DiffOptions) => {
        const gates = parseGates(options);
        const comparison = await compareProfiles(oldRef, newRef, resolveContextFromOptions(options), options.service);
        const product = RENDERERS[options.json ? 'json' : options.format](comparison);
        await deliverReport(options, stdout, product, () => renderDiffText(comparison));
        const failures = failedGates(comparison, gates);
        if (failures.length > 0) {
          const flags = failures.map((f) => gateFlag(f.gate, options));
          const reasons = failures.map((f, i) => `${f.reason} (${flags[i]})`);
          throw new CheckFailedError(
            `${comparison.newSource} allows more than ${comparison.oldSource}: ${reasons.join('; ')}`,
            {
              hint: `the diff above lists them; drop ${flags.join(' and ')} to accept a wider profile`,
            },
          );
        }
        return options.exitCode && hasDifferences(comparison) ? ExitCode.checkFailed : ExitCode.ok;
      }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** How the user asked for a gate: `--fail-on-added` keeps its own name in messages. */
function gateFlag(gate: DiffGate, options: DiffOptions): string {
  const explicit = options.failOn.some((v) => v.split(',').some((g) => g.trim() === gate));
  return gate === 'added' && options.failOnAdded && !explicit ? '--fail-on-added' : `--fail-on ${gate}`;
}

function parseGates(options: DiffOptions): DiffGate[] {
  const names = options.failOn
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (options.failOnAdded) names.push('added');
  for (const name of names)
    if (!(DIFF_GATES as readonly string[]).includes(name))
      throw new UsageError(`--fail-on: unknown gate ${JSON.stringify(name)}`, {
        hint: `use ${DIFF_GATES.join(', ')} (comma-separated), or --exit-code to fail on any difference`,
      });
  return [...new Set(names)] as DiffGate[];
}
