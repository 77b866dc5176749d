import type { ExplainEntry } from '../../generate/provenance.js';
import { describeEvidence } from '../../generate/provenance.js';
import type { CapabilityFinding } from '../../observation/infer-capabilities.js';

const RULE_LABEL: Record<ExplainEntry['rule'], string> = {
  allow: 'allow',
  filtered: 'allow (filtered)',
  enosys: 'ENOSYS',
};

/** `generate --explain`: for each syscall in the profile, the evidence that put it there; then capabilities. */
export function renderExplain(entries: readonly ExplainEntry[], capabilities: readonly CapabilityFinding[]): string {
  const width = Math.max(8, ...entries.map((e) => e.name.length));
  const lines: string[] = [];
  for (const entry of entries) {
    const evidence = entry.evidence.map(describeEvidence).join('; ');
    lines.push(`${entry.name.padEnd(width)}  ${RULE_LABEL[entry.rule].padEnd(16)}  ${evidence}`);
    if (entry.filter) lines.push(`${''.padEnd(width)}  ${''.padEnd(16)}  filter: ${entry.filter}`);
  }
  lines.push('', 'capabilities:');
  if (capabilities.length === 0) lines.push('  none needed by the evidence');
  for (const cap of capabilities)
    lines.push(
      `  ${cap.capability} ${cap.status === 'required' ? 'cap_add' : 'possible, not added'} (${cap.source}): ${cap.evidence.join('; ')}`,
    );
  return `${lines.join('\n')}\n`;
}
