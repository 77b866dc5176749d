import type { VerifyReport } from '../../verify/report.js';

const arch = (abi: string): string => abi.replace(/^SCMP_ARCH_/, '').toLowerCase();

/** The verify report as a short checklist, then the would-be denials, notes and the suggestion. */
export function renderVerifyText(report: VerifyReport): string {
  const caps = report.capAdd.length
    ? `cap_add ${report.capAdd.map((c) => c.replace(/^CAP_/, '')).join(', ')}`
    : 'no capabilities';
  const lines = [
    `verify ${report.profile}: ${report.verdict.toUpperCase()}  (cap_drop ALL, ${caps}, no-new-privileges)`,
  ];
  const width = Math.max(...report.checks.map((c) => c.name.length), 5);
  for (const check of report.checks)
    lines.push(`  [${check.ok ? 'ok' : 'FAIL'}]${check.ok ? '  ' : ''} ${check.name.padEnd(width)}  ${check.detail}`);
  const explanation = report.explanation;
  if (explanation) {
    lines.push(
      '',
      explanation.denied.length === 0
        ? 'Complain run: no syscall would be denied.'
        : `Complain run: ${explanation.denied.length} syscall(s) would be denied:`,
    );
    const nameWidth = Math.max(0, ...explanation.denied.map((d) => d.syscall.length));
    for (const d of explanation.denied) {
      lines.push(
        `  ${d.syscall.padEnd(nameWidth)}  ${arch(d.arch)}  ${String(d.count).padStart(5)}x  by ${d.processes.join(', ')}  (${d.action})`,
      );
    }
    if (explanation.capabilitiesObserved) {
      lines.push(
        explanation.failedCapabilities.length
          ? `Capabilities refused: ${explanation.failedCapabilities.join(', ')}`
          : 'Capabilities refused: none',
      );
    }
  }
  const notes = [...report.notes, ...(explanation?.notes ?? [])];
  if (notes.length > 0) lines.push('', 'Notes:', ...notes.map((n) => `  - ${n}`));
  if (report.suggestion) lines.push('', 'Next step:', ...report.suggestion.split('\n').map((l) => `  ${l}`));
  return `${lines.join('\n')}\n`;
}
