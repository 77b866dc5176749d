/** How bad a finding is; `--fail-on` compares against this order. */
export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One lint result, as printed in every output format. Lines and columns are 1-based. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** JSON pointer (RFC 6901) to the offending value; "" is the whole document. */
  pointer: string;
  line: number;
  column: number;
  hint: string;
}

/** A finding before its position is known: rules say where (pointer), the runner says line:column. */
export interface Report {
  severity: Severity;
  message: string;
  pointer: string;
  hint: string;
  /** Point at the property name rather than its value (unknown fields, duplicate keys). */
  at?: 'key' | 'value';
  /** Exact text offset, when there is no node to point at (syntax errors). */
  offset?: number;
}

/** What the registry, `--help`, the README table and SARIF's rule list say about a rule. */
export interface RuleMeta {
  id: string;
  /** The severity it reports with most often (some rules lower it, e.g. for cap-conditioned rules). */
  severity: Severity;
  /** One line: what it finds. */
  summary: string;
  /** Why it matters: what the kernel, libseccomp, runc or dockerd does with such a profile. */
  why: string;
}

/** Rank of a severity: 0 for error, higher is milder. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Whether `severity` is at or above `threshold` (error ≥ warning ≥ info). */
export function meetsThreshold(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** Order findings by position, then rule id, then message: deterministic output. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || cmp(a.rule, b.rule) || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
