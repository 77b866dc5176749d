import { UsageError } from '../../errors.js';
import { compareProfiles } from '../../diff/compare.js';
import { DIFF_GATES, type DiffGate } from '../../diff/gate-names.js';
import { failedGates, hasDifferences } from '../../diff/gates.js';
import { resolveContextFromOptions } from '../resolve-options.js';
import type { CommandContext } from '../context.js';
import { CheckFailedError, ExitCode, type ExitCodeValue } from '../../errors.js';
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

/** `seccompose diff`'s action: compare, print, and trip the gates asked for. */
export async function runDiff(
  { stdout }: CommandContext,
  oldRef: string,
  newRef: string,
  options: DiffOptions,
): Promise<ExitCodeValue> {
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
