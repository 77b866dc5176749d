import type { ProfileComparison } from '../../diff/comparison.js';
import { HIGH_RISK_SYSCALLS } from '../../diff/high-risk.js';
import { ARCH_NOTE, describeCapabilityDiff, describeContext, percent } from './diff-context.js';

const WIDTH = 100;

/** The human-readable diff: the attack-surface headline, then added, changed, removed and default/arch changes. */
export function renderDiffText(comparison: ProfileComparison): string {
  const { diff, summary } = comparison;
  const lines: string[] = [`${comparison.oldSource} → ${comparison.newSource}  (${describeContext(diff.context)})`, ''];
  const abi = summary.nativeAbi.abi.replace(/^SCMP_ARCH_/, '').toLowerCase();
  lines.push(
    `Attack surface: ${summary.baselineAllowed} → ${summary.profileAllowed} syscalls allowed, ` +
      `${summary.removed} removed (${percent(summary.percentRemoved)}), ${summary.added} added`,
    `  on the ${abi} ABI: ${summary.nativeAbi.baselineAllowed} → ${summary.nativeAbi.profileAllowed} ` +
      `(${percent(summary.nativeAbi.percentRemoved)} removed)`,
  );
  if (summary.highRiskRemoved.length > 0) {
    lines.push('', `High-risk syscalls removed (${summary.highRiskRemoved.length}):`);
    const pad = Math.max(...summary.highRiskRemoved.map((r) => r.name.length));
    for (const risk of summary.highRiskRemoved) lines.push(...wrapWords(`  ${risk.name.padEnd(pad)}  `, risk.why));
  }
  if (comparison.risksAdded.length > 0) {
    lines.push('', `High-risk syscalls newly allowed (${comparison.risksAdded.length}):`);
    for (const risk of comparison.risksAdded) {
      lines.push(...wrapWords(`  ${risk.name}  `, risk.why));
      if (risk.introducedBy !== undefined) lines.push(`    introduced by: ${risk.introducedBy}`);
    }
  }
  lines.push('', heading('Added', diff.added.length, 'allowed by the new profile, not by the old'));
  for (const name of diff.added)
    lines.push(...wrapLine(`  + ${name}: ${diff.treatment[name]?.to ?? ''}${riskMark(name)}`));
  lines.push('', heading('Changed', diff.changed.length, 'treated differently by the two profiles'));
  for (const change of diff.changed)
    lines.push(
      ...wrapLine(
        `  ~ ${change.name}: ${change.from}  →  ${change.to}${widenMark(diff.widened, change.name)}${fallbackMark(change.from, change.to)}${riskMark(change.name)}`,
      ),
    );
  lines.push('', heading('Removed', diff.removed.length, 'allowed by the old profile, not by the new'));
  lines.push(...wrap(diff.removed, '    '));
  lines.push(
    '',
    `Default action: ${diff.defaultAction ? `${diff.defaultAction.from} → ${diff.defaultAction.to}` : `${diff.defaults.to} (unchanged)`}`,
  );
  const arches = [...diff.architectures.added.map((a) => `+${a}`), ...diff.architectures.removed.map((a) => `-${a}`)];
  lines.push(`Architectures: ${arches.length > 0 ? `${arches.join(' ')}${ARCH_NOTE}` : 'unchanged'}`);
  if (comparison.capabilities !== undefined) lines.push(describeCapabilityDiff(comparison.capabilities));
  for (const warning of comparison.startupWarnings ?? []) lines.push(...wrapWords('Warning: ', warning));
  return `${lines.join('\n')}\n`;
}

function heading(title: string, count: number, meaning: string): string {
  return count === 0 ? `${title}: none` : `${title} (${count}): ${meaning}`;
}

function widenMark(widened: readonly string[], name: string): string {
  return widened.includes(name) ? '  [allows more]' : '';
}

/** libc falls back (clone3 → clone, faccessat2 → faccessat, …) only when a call fails with ENOSYS. */
function fallbackMark(from: string, to: string): string {
  return from === 'ERRNO(ENOSYS)' && to !== 'ERRNO(ENOSYS)' && !to.startsWith('ALLOW') && !to.startsWith('LOG')
    ? '  [no longer ENOSYS: libc will not fall back]'
    : '';
}

function riskMark(name: string): string {
  return HIGH_RISK_SYSCALLS.has(name) ? '  [high risk]' : '';
}

function wrap(names: readonly string[], prefix: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    const next = line === '' ? name : `${line}, ${name}`;
    if (prefix.length + next.length > WIDTH && line !== '') {
      lines.push(`${prefix}${line},`);
      line = name;
    } else line = next;
  }
  if (line !== '') lines.push(`${prefix}${line}`);
  return lines;
}

/** `prefix` then `text` broken between words at WIDTH, continued under the text's first column. */
function wrapWords(prefix: string, text: string): string[] {
  const lines: string[] = [];
  let line = prefix;
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length > prefix.length && line.length + 1 + word.length > WIDTH) {
      lines.push(line.trimEnd());
      line = ' '.repeat(prefix.length);
    }
    line += line.length > prefix.length && !line.endsWith(' ') ? ` ${word}` : word;
  }
  lines.push(line.trimEnd());
  return lines;
}

/** Break a long treatment line after `||`, `;` or `→`, continuing with a deeper indent. */
function wrapLine(text: string): string[] {
  if (text.length <= WIDTH) return [text];
  const pieces = text.split(/(?<= \|\| |; | {2}→ {2})/);
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    if (line !== '' && line.length + piece.length > WIDTH) {
      lines.push(line.trimEnd());
      line = `      ${piece}`;
    } else line += piece;
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}
