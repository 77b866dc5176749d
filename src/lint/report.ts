import type { Finding } from './finding.js';

/** Findings of one linted input. */
export interface FileFindings {
  path: string;
  findings: Finding[];
}

/** Counts by severity over every file. */
export interface LintSummary {
  errors: number;
  warnings: number;
  infos: number;
}

/** What every lint output format renders: the exact shape of `--format json`. */
export interface LintReport {
  files: FileFindings[];
  summary: LintSummary;
}

/** Assemble the report and its counts. */
export function buildLintReport(files: FileFindings[]): LintReport {
  const summary: LintSummary = { errors: 0, warnings: 0, infos: 0 };
  for (const finding of files.flatMap((f) => f.findings)) {
    if (finding.severity === 'error') summary.errors++;
    else if (finding.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
  return { files, summary };
}
