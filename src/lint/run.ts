import { decodeProfileTree } from '../profile/go-json.js';
import { computeTargetArches } from './arches.js';
import type { LintContext, LintOptions } from './context.js';
import { compareFindings, type Finding, type Report } from './finding.js';
import { SEMANTIC_RULES } from './registry.js';
import { reportSyntaxErrors } from './rules/invalid-json.js';
import { reportTooDeep } from './rules/json-too-deep.js';
import { reportSchemaViolations } from './rules/schema.js';
import { nodeAtPointer, parseSource, positionOf, type ParsedSource } from './source.js';
import { viewProfile } from './view.js';

export type { LintOptions } from './context.js';

/**
 * Lint one profile text: syntax, then schema, then every semantic rule. Never throws on any input;
 * a broken profile is reported as findings. `source` names the input in messages only.
 */
export function lintProfileText(text: string, _source: string, options: LintOptions = {}): Finding[] {
  const parsed = parseSource(text);
  if (parsed.tooDeepAt !== undefined)
    return [place(parsed, 'json-too-deep', { ...reportTooDeep(), offset: parsed.tooDeepAt })];
  if (parsed.root === undefined || parsed.syntaxErrors.length > 0) {
    return reportSyntaxErrors(parsed)
      .map((r) => place(parsed, 'invalid-json', r))
      .sort(compareFindings);
  }
  const findings = reportSchemaViolations(decodeProfileTree(parsed.root, text, false).value).map((r) =>
    place(parsed, 'schema', r),
  );
  const view = viewProfile(parsed.root, text);
  const context: LintContext = { source: parsed, view, options, targetArches: computeTargetArches(view, options) };
  for (const rule of SEMANTIC_RULES) {
    for (const report of rule.check(context)) findings.push(place(parsed, rule.meta.id, report));
  }
  return findings.sort(compareFindings);
}

/** Turn a rule's report into a finding with line:column from its offset or its pointer. */
function place(source: ParsedSource, rule: string, report: Report): Finding {
  const offset = report.offset ?? nodeAtPointer(source.root, report.pointer, report.at)?.offset ?? 0;
  const { line, column } = positionOf(source, Math.min(offset, source.text.length));
  return {
    rule,
    severity: report.severity,
    message: report.message,
    pointer: report.pointer,
    line,
    column,
    hint: report.hint,
  };
}
