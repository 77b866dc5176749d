import type { Node } from 'jsonc-parser';
import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { joinPointer } from '../source.js';

/** An object has the same key twice: decoders silently keep one of them. */
export const duplicateKey: LintRule = {
  meta: {
    id: 'duplicate-key',
    severity: 'warning',
    summary: 'an object has the same key twice',
    why: "Go's encoding/json (dockerd) keeps the last value and drops the first without a word, so what you read is not what runs",
  },
  check({ source }) {
    const reports: Report[] = [];
    visit(source.root, '', reports);
    return reports;
  },
};

function visit(node: Node | undefined, pointer: string, reports: Report[]): void {
  if (node?.type === 'array') node.children?.forEach((child, i) => visit(child, `${pointer}/${i}`, reports));
  if (node?.type !== 'object') return;
  const seen = new Set<string>();
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (typeof key?.value !== 'string') continue;
    const child = pointer + joinPointer(key.value);
    if (seen.has(key.value)) {
      reports.push({
        severity: 'warning',
        message: `key "${key.value}" appears more than once in this object; only the last one takes effect`,
        pointer: child,
        hint: 'remove or merge the duplicate key',
        offset: key.offset,
      });
    }
    seen.add(key.value);
    visit(value, child, reports);
  }
}
