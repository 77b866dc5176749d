import type { Node } from 'jsonc-parser';
import { decodeProfileTree } from '../../profile/go-json.js';
import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { joinPointer, type ParsedSource, positionOf } from '../source.js';
import { ruleMeta } from '../rule-catalog.js';

/** Keys that dockerd reads differently from what the text suggests: duplicates and case variants. */
export const duplicateKey: LintRule = {
  meta: ruleMeta('duplicate-key'),
  check({ source }) {
    if (source.root === undefined) return [];
    const decoded = decodeProfileTree(source.root, source.text);
    const reports: Report[] = decoded.collisions.map((c) => ({
      severity: 'error',
      message:
        `"${c.second.key}" at ${at(source, c.second.offset)} and "${c.first.key}" at ${at(source, c.first.offset)} ` +
        `both set "${c.field}"; Docker decodes both in order, so the one at ${at(source, c.second.offset)} takes effect`,
      pointer: `${c.object}${joinPointer(c.field)}`,
      hint: `keep one "${c.field}" key in this object`,
      offset: c.second.offset,
    }));
    for (const v of decoded.variants) {
      reports.push({
        severity: 'error',
        message: `"${v.key}" at ${at(source, v.offset)} is not spelt "${v.field}", but Docker matches keys case-insensitively and reads it as "${v.field}"`,
        pointer: `${v.object}${joinPointer(v.field)}`,
        hint: `spell it "${v.field}"`,
        offset: v.offset,
      });
    }
    const reported = new Set(decoded.collisions.map((c) => c.second.offset));
    visit(source, source.root, '', reported, reports);
    return reports;
  },
};

function at(source: ParsedSource, offset: number): string {
  const { line, column } = positionOf(source, offset);
  return `${line}:${column}`;
}

/** Exact duplicates anywhere else (unknown fields' objects included), each naming the first occurrence. */
function visit(source: ParsedSource, node: Node | undefined, pointer: string, skip: Set<number>, reports: Report[]) {
  if (node?.type === 'array')
    node.children?.forEach((child, i) => visit(source, child, `${pointer}/${i}`, skip, reports));
  if (node?.type !== 'object') return;
  const seen = new Map<string, number>();
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (typeof key?.value !== 'string') continue;
    const child = pointer + joinPointer(key.value);
    const first = seen.get(key.value);
    if (first !== undefined && !skip.has(key.offset)) {
      reports.push({
        severity: 'error',
        message: `key "${key.value}" at ${at(source, key.offset)} repeats the one at ${at(source, first)}; only the last one takes effect`,
        pointer: child,
        hint: 'remove or merge the duplicate key',
        offset: key.offset,
      });
    }
    seen.set(key.value, key.offset);
    visit(source, value, child, skip, reports);
  }
}
