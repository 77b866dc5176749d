import { isAbsolute, relative, sep } from 'node:path';
import type { Severity } from '../../lint/finding.js';
import { ALL_RULES } from '../../lint/registry.js';
import type { LintReport } from '../../lint/report.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0 for GitHub code scanning: one run, every rule described, results with relative URIs. */
export function renderLintSarif(report: LintReport, version: string, cwd = process.cwd()): string {
  const index = new Map(ALL_RULES.map((rule, i) => [rule.id, i]));
  const rules = ALL_RULES.map((rule) => ({
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.summary },
    fullDescription: { text: `${rule.summary}: ${rule.why}` },
    help: { text: rule.why, markdown: `**${rule.id}**: ${rule.summary}.\n\n${rule.why}.` },
    defaultConfiguration: { level: LEVELS[rule.severity] },
  }));
  const results = report.files.flatMap((file) =>
    file.findings.map((f) => ({
      ruleId: f.rule,
      ruleIndex: index.get(f.rule) ?? 0,
      level: LEVELS[f.severity],
      message: { text: `${f.message}. Hint: ${f.hint}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(file.path, cwd), uriBaseId: '%SRCROOT%' },
            region: { startLine: f.line, startColumn: f.column },
          },
          ...(f.pointer === '' ? {} : { logicalLocations: [{ fullyQualifiedName: f.pointer, kind: 'member' }] }),
        },
      ],
    })),
  );
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'seccompose', version, semanticVersion: version, rules },
        },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** A path relative to the working directory, with forward slashes and URI escaping. */
function artifactUri(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  return rel.split(sep).map(encodeURIComponent).join('/');
}

function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
