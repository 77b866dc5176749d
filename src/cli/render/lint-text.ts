import type { LintReport } from '../../lint/report.js';

/** `path:line:col severity rule message`, the hint indented below, then one summary line. */
export function renderLintText(report: LintReport): string {
  const lines: string[] = [];
  for (const file of report.files) {
    for (const f of file.findings) {
      lines.push(`${file.path}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}`);
      lines.push(`    hint: ${f.hint}`);
    }
  }
  const { errors, warnings, infos } = report.summary;
  const files = report.files.length;
  lines.push(
    `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')} in ${plural(files, 'file')}`,
  );
  return `${lines.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
