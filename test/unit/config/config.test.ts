import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findConfig, loadConfig, parseConfig } from '../../../src/config/load.js';
import { isIgnoredFile, ruleSettingsFor } from '../../../src/config/rule-settings.js';
import type { Finding } from '../../../src/lint/finding.js';
import { applyRuleSettings } from '../../../src/lint/settings.js';

const root = mkdtempSync(join(tmpdir(), 'seccompose-wt-ci-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CONFIG = `lint:
  ignore: ["vendor/**"]
  rules:
    syscall-not-on-arch: off
    high-risk-syscall: error
  overrides:
    - files: ["debug/*.json"]
      rules:
        high-risk-syscall: info
    - files: ["debug/legacy.json"]
      rules:
        architectures: off
`;

function finding(rule: string, severity: Finding['severity']): Finding {
  return { rule, severity, message: rule, pointer: '', line: 1, column: 1, hint: '' };
}

describe('.seccompose.yaml', () => {
  mkdirSync(join(root, 'repo/seccomp/deep'), { recursive: true });
  writeFileSync(join(root, 'repo/.seccompose.yaml'), CONFIG);

  it('is found in the working directory or the nearest directory above it', async () => {
    expect(await findConfig(join(root, 'repo/seccomp/deep'))).toBe(join(root, 'repo/.seccompose.yaml'));
    expect(await findConfig(join(root, 'repo'))).toBe(join(root, 'repo/.seccompose.yaml'));
    expect(await findConfig(root)).toBeUndefined();
    const none = await loadConfig(undefined, root);
    expect(none).toMatchObject({
      path: undefined,
      dir: root,
      data: { lint: { rules: {}, overrides: [], ignore: [] } },
    });
  });

  it('--config names it explicitly, relative to the working directory; its globs are relative to its own directory', async () => {
    const config = await loadConfig('repo/.seccompose.yaml', root);
    expect(config.dir).toBe(join(root, 'repo'));
    expect(isIgnoredFile(config, join(root, 'repo/vendor/x/p.json'))).toBe(true);
    expect(isIgnoredFile(config, join(root, 'repo/seccomp/p.json'))).toBe(false);
    expect(isIgnoredFile(config, join(root, 'elsewhere/vendor/p.json'))).toBe(false);
  });

  it('settings: rules for every file, matching overrides in order, --ignore last; stdin gets the top-level rules only', async () => {
    const config = await loadConfig(undefined, join(root, 'repo'));
    expect(ruleSettingsFor(config, join(root, 'repo/seccomp/a.json'), [])).toEqual({
      'syscall-not-on-arch': 'off',
      'high-risk-syscall': 'error',
    });
    expect(ruleSettingsFor(config, join(root, 'repo/debug/legacy.json'), ['clone-namespace'])).toEqual({
      'syscall-not-on-arch': 'off',
      'high-risk-syscall': 'info',
      architectures: 'off',
      'clone-namespace': 'off',
    });
    expect(ruleSettingsFor(config, undefined, [])).toEqual(config.data.lint.rules);
  });

  it('applying settings drops rules set off and replaces severities, also lowered ones', () => {
    const findings = [
      finding('syscall-not-on-arch', 'info'),
      finding('high-risk-syscall', 'info'),
      finding('schema', 'error'),
    ];
    expect(
      applyRuleSettings(findings, { 'syscall-not-on-arch': 'off', 'high-risk-syscall': 'error' }).map((f) => [
        f.rule,
        f.severity,
      ]),
    ).toEqual([
      ['high-risk-syscall', 'error'],
      ['schema', 'error'],
    ]);
  });

  it.each([
    ['lint:\n  rule: {}\n', /config c.yaml: lint: Unrecognized key: "rule"/],
    ['lint:\n  rules:\n    high-risk-syscal: off\n', /lint.rules: unknown rule "high-risk-syscal"/],
    ['lint:\n  rules:\n    schema: fatal\n', /config c.yaml: lint.rules.schema: Invalid option/],
    ['lint:\n  overrides:\n    - rules: {}\n', /lint.overrides.0.files/],
    ['lint: [\n', /not valid YAML/],
  ])('rejects %j with a message naming the file and the key', (text, message) => {
    expect(() => parseConfig(text, 'c.yaml')).toThrow(message);
  });

  it('a misspelt rule id gets a did-you-mean hint', () => {
    try {
      parseConfig('lint:\n  rules:\n    high-risk-syscal: off\n', 'c.yaml');
      expect.unreachable();
    } catch (error) {
      expect((error as { hint?: string }).hint).toBe('did you mean high-risk-syscall?');
    }
  });
});
