import { Option, type Command } from 'commander';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { ExitCode, UsageError } from '../../errors.js';
import { parseArchOption, parseCapsOption } from '../resolve-options.js';
import { loadConfig } from '../../config/load.js';
import { isIgnoredFile, ruleSettingsFor } from '../../config/rule-settings.js';
import type { Config } from '../../config/schema.js';
import { expandPaths } from '../../io/expand-paths.js';
import { separateObservations } from '../lint-inputs.js';
import { meetsThreshold, type Severity } from '../../lint/finding.js';
import { ALL_RULES } from '../../lint/registry.js';
import { buildLintReport, type LintReport } from '../../lint/report.js';
import { lintAnyProfileText } from '../../lint/kubernetes.js';
import type { LintOptions } from '../../lint/run.js';
import { applyRuleSettings } from '../../lint/settings.js';
import { BUILTIN_PROFILES, readProfileText } from '../../profile/load.js';
import type { Act } from '../context.js';
import { renderLintJson } from '../render/lint-json.js';
import { renderLintSarif } from '../render/lint-sarif.js';
import { renderLintText } from '../render/lint-text.js';
import { deliverReport, parseRuleList, type ReportFlags } from './report-output.js';

const require = createRequire(import.meta.url);
const { version } = require('../../../package.json') as { version: string };

interface LintFlags extends ReportFlags {
  format: 'text' | 'json' | 'sarif';
  json?: boolean;
  failOn: Severity | 'never';
  arch?: string;
  caps?: string;
  config?: string;
  ignore: string[];
}

const HELP = `
Checks, in order: JSON syntax (invalid-json, with line:column), the profile schema (one finding
per violation, with its JSON pointer), then ${ALL_RULES.length - 3} semantic rules. Each finding has a rule id,
a severity (error, warning, info), a message, a position and a hint.

Rules:
${ALL_RULES.map((r) => `  ${r.id.padEnd(27)} ${r.severity.padEnd(8)} ${r.summary}`).join('\n')}

Examples:
  seccompose lint nginx.json                           findings as text, exit 1 on errors
  seccompose lint seccomp/                             every *.json below seccomp/
  seccompose lint 'seccomp/**/*.json' --fail-on warning    CI: fail on warnings too (glob quoted)
  seccompose lint seccomp/ --format sarif -o lint.sarif     SARIF for code scanning, text on stdout
  seccompose lint nginx.json --ignore syscall-not-on-arch   drop one rule's findings
  seccompose lint docker-default --json                the shipped Docker default, as JSON
  seccompose lint nginx.json --arch x86_64 --caps default   judge for an amd64 host, default caps
  seccompose generate ls.obs.json -o - | seccompose lint -   read the profile from stdin

Config: .seccompose.yaml in the working directory or a directory above it (or --config FILE):
  lint:
    ignore: ["vendor/**"]             files a directory or glob never expands to
    rules:
      syscall-not-on-arch: off        off, or a severity replacing the rule's own
    overrides:
      - files: ["debug/*.json"]       globs relative to the config file
        rules: { high-risk-syscall: info }

Without --caps, rules only unlocked by a capability (includes.caps) are reported as info; with
--caps, they count as allowed when the caps are granted and are skipped otherwise. --arch names the
daemon's arch: it picks the archMap entry and the includes.arches rules that apply.

Exit codes: 0 no finding at or above --fail-on, 1 there is one (a file that is not even JSON is
an invalid-json error), 2 bad flags, a bad config or an unreadable file.`;

/** `seccompose lint <file|dir|glob|->...`: check profiles and report findings. */
export function registerLint(program: Command, act: Act): void {
  program
    .command('lint')
    .description('check seccomp profiles: JSON syntax, schema, and rules for mistakes and risky allowances')
    .argument('<profiles...>', 'profile files, directories, quoted globs, docker-default, or - for stdin')
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
    .option('--config <file>', 'config file (default: .seccompose.yaml here or in a directory above)')
    .option('--ignore <rule>', "drop a rule's findings (repeatable, or comma-separated)", collect, [])
    .option('-o, --output <file>', 'write the --format output to FILE (replaced) and the text report to stdout')
    .option('-q, --quiet', 'print nothing on stdout; the exit code (and -o FILE) carry the result')
    .addHelpText('after', HELP)
    .action(
      act(async ({ stdout, stderr }, args: string[], flags: LintFlags) => {
        const format = flags.json ? 'json' : flags.format;
        const config = await loadConfig(flags.config);
        const ignored = parseRuleList(flags.ignore, '--ignore');
        const expanded = await expandPaths(args, 'json', (p) => !isIgnoredFile(config, p));
        const { profiles, observations } = await separateObservations(expanded);
        if (observations.length > 0 && !flags.quiet)
          stderr.write(`seccompose: not linted, observations rather than profiles: ${observations.join(', ')}\n`);
        if (format === 'sarif') refuseNonFiles(profiles);
        const report = await lintInputs(profiles, parseLintOptions(flags), config, ignored);
        await deliverReport(flags, stdout, render(report, format), () => renderLintText(report));
        return failed(report, flags.failOn) ? ExitCode.checkFailed : ExitCode.ok;
      }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseLintOptions(flags: LintFlags): LintOptions {
  return {
    ...(flags.arch === undefined ? {} : { arch: parseArchOption(flags.arch) }),
    ...(flags.caps === undefined ? {} : { caps: parseCapsOption(flags.caps) }),
  };
}

/**
 * SARIF locations are files of the repository, relative to the working directory (its root in
 * CI): code scanning cannot place stdin, a shipped profile or a file outside that directory.
 */
function refuseNonFiles(paths: readonly string[]): void {
  const outside = paths.find((p) => p !== '-' && !BUILTIN_PROFILES.includes(p) && relative('.', p).startsWith('..'));
  if (outside !== undefined)
    throw new UsageError(`--format sarif needs files below the working directory, but ${outside} is outside it`, {
      hint: 'run seccompose lint from the repository root (SARIF paths are relative to it)',
    });
  const other = paths.find((p) => p === '-' || BUILTIN_PROFILES.includes(p));
  if (other === undefined) return;
  throw new UsageError(
    `--format sarif needs profile files, but ${other === '-' ? 'stdin (-)' : `the shipped ${other}`} is not a file of your repository`,
    { hint: 'lint the profile files themselves for SARIF, or use --format text/json for stdin and shipped profiles' },
  );
}

/** Read every input first (an unreadable one is exit 2 before any output), then lint each. */
async function lintInputs(
  paths: string[],
  options: LintOptions,
  config: Config,
  ignored: readonly string[],
): Promise<LintReport> {
  if (paths.filter((p) => p === '-').length > 1)
    throw new UsageError('stdin (-) can be linted only once', { hint: 'pass - once' });
  const inputs = [];
  for (const path of paths) inputs.push({ path, ...(await readProfileText(path)) });
  return buildLintReport(
    inputs.map(({ path, text, source, selector }) => {
      const isFile = path !== '-' && !BUILTIN_PROFILES.includes(path);
      const settings = ruleSettingsFor(config, isFile ? source : undefined, ignored);
      return {
        path: source,
        findings: applyRuleSettings(lintAnyProfileText(text, source, options, selector), settings),
      };
    }),
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
