import { SEVERITIES, type Finding } from './finding.js';

/** What a config or `--ignore` can set a rule to: a severity, or `off` (its findings are dropped). */
export const RULE_SETTINGS = [...SEVERITIES, 'off'] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];

/** Rule id → setting for one file; rules absent keep the severities they report with. */
export type RuleSettings = Readonly<Record<string, RuleSetting>>;

/**
 * Apply per-rule settings to one file's findings: `off` drops the rule's findings, a severity
 * replaces the one the rule chose (also where it lowered its own, e.g. cap-conditioned info).
 */
export function applyRuleSettings(findings: readonly Finding[], settings: RuleSettings): Finding[] {
  const out: Finding[] = [];
  for (const finding of findings) {
    const setting = settings[finding.rule];
    if (setting === 'off') continue;
    out.push(setting === undefined ? finding : { ...finding, severity: setting });
  }
  return out;
}
