import { describe, expect, it } from 'vitest';
import { SEMANTIC_RULES } from '../../../src/lint/registry.js';
import { RULE_CATALOG, ruleMeta } from '../../../src/lint/rule-catalog.js';

describe('rule catalog (what --help, SARIF and the README list without loading the rules)', () => {
  it('lists the parse-level rules, then every semantic rule in the order the registry runs them', () => {
    expect(RULE_CATALOG.map((m) => m.id)).toEqual([
      'invalid-json',
      'json-too-deep',
      'schema',
      ...SEMANTIC_RULES.map((r) => r.meta.id),
    ]);
  });

  it('is where each rule takes its meta from', () => {
    for (const rule of SEMANTIC_RULES) expect(rule.meta).toBe(ruleMeta(rule.meta.id));
  });

  it('refuses an id it does not list, naming the file to add it to', () => {
    expect(() => ruleMeta('no-such-rule')).toThrow(
      'lint rule no-such-rule is not in the rule catalog (src/lint/rule-catalog.ts)',
    );
  });
});
