import { Option, type Command } from 'commander';
import { createRequire } from 'node:module';
import { ExitCode, UsageError } from '../../errors.js';
import { parseArchOption, parseCapsOption } from '../resolve-options.js';
import { meetsThreshold, type Severity } from '../../lint/finding.js';
import { ALL_RULES } from '../../lint/registry.js';
import { buildLintReport, type LintReport } from '../../lint/report.js';
import { lintAnyProfileText } from '../../lint/kubernetes.js';
import type { LintOptions } from '../../lint/run.js';
import { readProfileText } from '../../profile/load.js';
import type { Act } from '../context.js';
import { renderLintJson } from '../render/lint-json.js';
import { renderLintSarif } from '../render/lint-sarif.js';
import { renderLintText } from '../render/lint-text.js';

const require = createRequire(import.meta.url);
const { version } = require('../../../package.json') as { version: string };

interface LintFlags {
  format: 'text' | 'json' | 'sarif';
  json?: boolean;
  failOn: Severity | 'never';
  arch?: string;
  caps?: string;
}

const HELP = `
Checks, in order: JSON syntax (invalid-json, with line:column), the profile schema (one finding
per violation, with its JSON pointer), then ${ALL_RULES.length - 3} semantic rules. Each finding has a rule id,
a severity (error, warning, info), a message, a position and a hint.

Rules:
${ALL_RULES.map((r) => `  ${r.id.padEnd(27)} ${r.severity.padEnd(8)} ${r.summary}`).join('\n')}

Examples:
  seccompose lint profile.json                         findings as text, exit 1 on errors
  seccompose lint profiles/*.json --fail-on warning    CI: fail on warnings too
  seccompose lint profile.json --format sarif > lint.sarif   for GitHub code scanning
  seccompose lint docker-default --json                the shipped Docker default, as JSON
  seccompose lint profile.json --arch x86_64 --caps default  judge for an amd64 host, default caps
  generate-profile | seccompose lint -                 read the profile from stdin

Without --caps, rules only unlocked by a capability (includes.caps) are reported as info; with
--caps, they count as allowed when the caps are granted and are skipped otherwise. --arch names the
daemon's arch: it picks the archMap entry and the includes.arches rules that apply.

Exit codes: 0 no finding at or above --fail-on, 1 there is one (a file that is not even JSON is
an invalid-json error), 2 bad flags or an unreadable file.`;

/** `seccompose lint <file|->...`: check profiles and report findings. */
export function registerLint(program: Command, act: Act): void {
  program
    .command('lint')
    .description('check seccomp profiles: JSON syntax, schema, and rules for mistakes and risky allowances')
    .argument('<profiles...>', 'profile files, docker-default, or - for stdin')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--json', 'same as --format json')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a finding is at or above this severity')
        .choices(['error', 'warning', 'info', 'never'])
        .default('error'),
    )
    .option('--arch <arch>', 'daemon architecture to judge for (x86_64, aarch64, … or SCMP_ARCH_*); default: any')
    .option(
      '--caps <caps>',
      'granted capabilities: default, all, none or CAP_X,CAP_Y; default: report cap-conditioned rules as info',
    )
    .addHelpText('after', HELP)
    .action(
      act(async ({ stdout }, paths: string[], flags: LintFlags) => {
        const options = parseLintOptions(flags);
        const report = await lintInputs(paths, options);
        stdout.write(render(report, flags.json ? 'json' : flags.format));
        return failed(report, flags.failOn) ? ExitCode.checkFailed : ExitCode.ok;
      }),
    );
}

function parseLintOptions(flags: LintFlags): LintOptions {
  return {
    ...(flags.arch === undefined ? {} : { arch: parseArchOption(flags.arch) }),
    ...(flags.caps === undefined ? {} : { caps: parseCapsOption(flags.caps) }),
  };
}

/** Read every input first (an unreadable one is exit 2 before any output), then lint each. */
async function lintInputs(paths: string[], options: LintOptions): Promise<LintReport> {
  if (paths.filter((p) => p === '-').length > 1)
    throw new UsageError('stdin (-) can be linted only once', { hint: 'pass - once' });
  const inputs = [];
  for (const path of paths) inputs.push(await readProfileText(path));
  return buildLintReport(
    inputs.map(({ text, source, selector }) => ({
      path: source,
      findings: lintAnyProfileText(text, source, options, selector),
    })),
  );
}

function render(report: LintReport, format: LintFlags['format']): string {
  if (format === 'json') return renderLintJson(report);
  if (format === 'sarif') return renderLintSarif(report, version);
  return renderLintText(report);
}

function failed(report: LintReport, failOn: LintFlags['failOn']): boolean {
  if (failOn === 'never') return false;
  return report.files.some((f) => f.findings.some((finding) => meetsThreshold(finding.severity, failOn)));
}
