import type { ProfileComparison } from '../../diff/comparison.js';
import { HIGH_RISK_SYSCALLS } from '../../diff/high-risk.js';
import { ARCH_NOTE, describeCapabilityDiff, describeContext, percent } from './diff-context.js';

/** Markdown for a pull-request comment: a summary table, added/changed rows, collapsible details. */
export function renderDiffMarkdown(comparison: ProfileComparison): string {
  const { diff, summary } = comparison;
  const abi = summary.nativeAbi.abi.replace(/^SCMP_ARCH_/, '').toLowerCase();
  const out: string[] = [
    `### seccomp profile diff: \`${comparison.oldSource}\` → \`${comparison.newSource}\``,
    '',
    `Resolved for: ${describeContext(diff.context)}.`,
    '',
    '| | old | new |',
    '| --- | ---: | ---: |',
    `| syscalls allowed | ${summary.baselineAllowed} | ${summary.profileAllowed} |`,
    `| on the ${abi} ABI | ${summary.nativeAbi.baselineAllowed} | ${summary.nativeAbi.profileAllowed} |`,
    `| default action | ${cell(diff.defaults.from)} | ${cell(diff.defaults.to)} |`,
    '',
    `**${diff.removed.length} removed (${percent(summary.percentRemoved)})**, ${diff.added.length} added, ${diff.changed.length} changed.`,
  ];
  const rows = [
    ...diff.added.map((name) => ['added', name, diff.treatment[name]?.from ?? '', diff.treatment[name]?.to ?? '']),
    ...diff.changed.map((c) => [
      diff.widened.includes(c.name) ? 'changed, allows more' : 'changed',
      c.name,
      c.from,
      c.to,
    ]),
  ];
  if (rows.length > 0) {
    out.push('', '| change | syscall | old | new |', '| --- | --- | --- | --- |');
    for (const [kind, name, from, to] of rows)
      out.push(
        `| ${kind} | \`${name}\`${HIGH_RISK_SYSCALLS.has(name!) ? ' ⚠️ high risk' : ''} | ${cell(from!)} | ${cell(to!)} |`,
      );
  }
  if (comparison.risksAdded.length > 0) {
    out.push('', `#### ⚠️ High-risk syscalls newly allowed (${comparison.risksAdded.length})`, '');
    out.push('| syscall | why it matters | introduced by |', '| --- | --- | --- |');
    for (const risk of comparison.risksAdded)
      out.push(`| \`${risk.name}\` | ${escapeCell(risk.why)} | ${escapeCell(risk.introducedBy ?? 'no provenance')} |`);
  }
  if (comparison.capabilities !== undefined)
    out.push('', describeCapabilityDiff(comparison.capabilities).replace(/CAP_\w+/g, '`$&`'));
  if (summary.highRiskRemoved.length > 0) {
    out.push(
      '',
      details(`High-risk syscalls removed (${summary.highRiskRemoved.length})`, [
        '| syscall | why it is risky |',
        '| --- | --- |',
        ...summary.highRiskRemoved.map((r) => `| \`${r.name}\` | ${escapeCell(r.why)} |`),
      ]),
    );
  }
  if (diff.removed.length > 0)
    out.push('', details(`Removed (${diff.removed.length})`, [diff.removed.map((n) => `\`${n}\``).join(', ')]));
  const arches = [
    ...diff.architectures.added.map((a) => `+\`${a}\``),
    ...diff.architectures.removed.map((a) => `-\`${a}\``),
  ];
  if (arches.length > 0) out.push('', `Architectures: ${arches.join(' ')}${ARCH_NOTE}`);
  return `${out.join('\n')}\n`;
}

function details(summary: string, body: string[]): string {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>'].join('\n');
}

/** A table cell: code-formatted, with pipes escaped so "||" does not split the cell. */
function cell(text: string): string {
  return text === '' ? '' : `\`${text.replace(/\|/g, '\\|')}\``;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
