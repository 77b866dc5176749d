import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/cli.js';
import { meetsThreshold } from '../../../src/lint/finding.js';
import { ALL_RULES } from '../../../src/lint/registry.js';
import { lintProfileText } from '../../../src/lint/run.js';

const dir = join(repoRoot, 'test', 'fixtures', 'lint');
const lintFixture = (kind: 'bad' | 'good', name: string) =>
  lintProfileText(readFileSync(join(dir, kind, name), 'utf8'), name);
const ids = ALL_RULES.map((r) => r.id);

describe('lint fixtures: one bad and one good file per rule', () => {
  it('has exactly one bad and one good fixture for every rule, and no orphan', () => {
    const bad = readdirSync(join(dir, 'bad'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(bad).toEqual([...ids].sort());
    const good = readdirSync(join(dir, 'good')).map((f) => f.replace(/\.json$/, ''));
    for (const id of ids) expect(good).toContain(id);
  });

  it.each(ids)('bad/%s.json is reported by that rule', (id) => {
    const findings = lintFixture('bad', `${id}.json`).filter((f) => f.rule === id);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.hint.length).toBeGreaterThan(5);
      expect(f.line).toBeGreaterThanOrEqual(1);
      expect(f.column).toBeGreaterThanOrEqual(1);
    }
  });

  it.each(ids)('good/%s.json (the fix) passes that rule and has no errors', (id) => {
    const findings = lintFixture('good', `${id}.json`);
    const rule = ALL_RULES.find((r) => r.id === id)!;
    const threshold = rule.severity === 'info' ? 'info' : 'warning';
    expect(findings.filter((f) => f.rule === id && meetsThreshold(f.severity, threshold))).toEqual([]);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('good/minimal.json has no finding at all', () => {
    expect(lintFixture('good', 'minimal.json')).toEqual([]);
  });

  it('every rule reports with the severity its metadata announces for its bad fixture', () => {
    for (const rule of ALL_RULES) {
      const severities = lintFixture('bad', `${rule.id}.json`)
        .filter((f) => f.rule === rule.id)
        .map((f) => f.severity);
      expect(severities, rule.id).toContain(rule.severity);
    }
  });
});
