import { relative } from 'node:path';
import { packageVersion } from '../../package-files.js';
import { ExitCode, type ExitCodeValue, UsageError } from '../../errors.js';
import { parseArchOption, parseCapsOption } from '../resolve-options.js';
import { loadConfig } from '../../config/load.js';
import { isIgnoredFile, ruleSettingsFor } from '../../config/rule-settings.js';
import type { Config } from '../../config/schema.js';
import { expandPaths } from '../../io/expand-paths.js';
import { separateObservations } from '../lint-inputs.js';
import { meetsThreshold, type Severity } from '../../lint/finding.js';
import { buildLintReport, type LintReport } from '../../lint/report.js';
import { lintAnyProfileText } from '../../lint/kubernetes.js';
import type { LintOptions } from '../../lint/run.js';
import { applyRuleSettings } from '../../lint/settings.js';
import { BUILTIN_PROFILES, readProfileText } from '../../profile/load.js';
import type { CommandContext } from '../context.js';
import { renderLintJson } from '../render/lint-json.js';
import { renderLintSarif } from '../render/lint-sarif.js';
import { renderLintText } from '../render/lint-text.js';
import { deliverReport, parseRuleList, type ReportFlags } from './report-output.js';

/** The flags as commander hands them over (lint.ts defines them). */
export interface LintFlags extends ReportFlags {
  format: 'text' | 'json' | 'sarif';
  json?: boolean;
  failOn: Severity | 'never';
  arch?: string;
  caps?: string;
  config?: string;
  ignore: string[];
}

/** `seccompose lint`'s action: check the profiles and report findings. */
export async function runLint(
  { stdout, stderr }: CommandContext,
  args: string[],
  flags: LintFlags,
): Promise<ExitCodeValue> {
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
  if (format === 'sarif') return renderLintSarif(report, packageVersion());
  return renderLintText(report);
}

function failed(report: LintReport, failOn: LintFlags['failOn']): boolean {
  if (failOn === 'never') return false;
  return report.files.some((f) => f.findings.some((finding) => meetsThreshold(finding.severity, failOn)));
}
