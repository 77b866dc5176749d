import type { LintReport } from '../../lint/report.js';

/** `{"files":[{"path","findings":[{rule,severity,message,pointer,line,column,hint}]}],"summary":{errors,warnings,infos}}`. */
export function renderLintJson(report: LintReport): string {
  const files = report.files.map((file) => ({
    path: file.path,
    findings: file.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      pointer: f.pointer,
      line: f.line,
      column: f.column,
      hint: f.hint,
    })),
  }));
  const { errors, warnings, infos } = report.summary;
  return `${JSON.stringify({ files, summary: { errors, warnings, infos } }, null, 2)}\n`;
}
