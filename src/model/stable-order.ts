import { stringifyExact } from '../model/exact-json.js';

/**
 * Stable JSON (uint64 bigints written exactly): two-space indent, trailing newline, and object keys in the order the caller
 * built them. Callers that need sorted keys build objects in sorted order (see `sortKeys`),
 * so that a file regenerated from the same evidence is byte-identical.
 */
export function stableJson(value: unknown): string {
  return `${stringifyExact(value, 2)}\n`;
}

/** A deep copy of `value` with every object's keys sorted (arrays keep their order). */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item)) as T;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, sortKeys(v)] as const);
    return Object.fromEntries(entries) as T;
  }
  return value;
}

/** Sorted, de-duplicated copy of a list of strings (code-point order, locale-independent). */
export function sortUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
