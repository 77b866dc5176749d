import { shellQuote } from '../emit/shell-quote.js';
import type { Check, Explanation } from './report.js';

/** What the suggestion is built from. */
export interface SuggestionInput {
  verdict: 'pass' | 'fail';
  checks: readonly Check[];
  explanation: Explanation | undefined;
  /** The profile argument as the user gave it. */
  profile: string;
  /** The workload as the user wrote it after `--`. */
  workload: readonly string[];
  exercise: string | undefined;
}

/**
 * A ready next step: for denied syscalls, record the missing evidence and regenerate (or list
 * the names to add); for refused capabilities, the --cap-add; for a failed canary, why the
 * profile is not in force. Empty when the verification passed.
 */
export function buildSuggestion(input: SuggestionInput): string {
  if (input.verdict === 'pass') return '';
  const lines: string[] = [];
  const canary = input.checks.find((c) => c.name === 'canary');
  const others = input.checks.filter((c) => c.name !== 'canary' && !c.ok);
  if (canary && !canary.ok) {
    lines.push(
      'The profile does not prove enforcement: use one whose defaultAction denies (generate writes SCMP_ACT_ERRNO), never seccomp=unconfined.',
    );
  }
  const denied = input.explanation?.denied ?? [];
  if (denied.length > 0) {
    const names = [...new Set(denied.map((d) => d.syscall))].sort();
    const out = input.profile === '-' ? 'profile.json' : `${input.profile.replace(/\.json$/, '')}.fixed.json`;
    const exercise = input.exercise ? ` --exercise ${shellQuote(input.exercise)}` : '';
    lines.push(
      `Allow ${names.join(', ')}: record the run that needs ${names.length === 1 ? 'it' : 'them'} and regenerate from all the evidence:`,
      `  seccompose record -o extra.json${exercise} -- ${input.workload.map(shellQuote).join(' ')}`,
      `  seccompose generate OLD-EVIDENCE.json extra.json -o ${shellQuote(out)}`,
      `or add ${names.length === 1 ? 'it' : 'them'} to an SCMP_ACT_ALLOW rule of ${input.profile}.`,
    );
  }
  const caps = (input.explanation?.failedCapabilities ?? []).filter((c) => c !== 'CAP_SYS_ADMIN');
  if (caps.length > 0) {
    lines.push(
      `Capabilities the kernel refused: ${caps.join(', ')}; if the workload needs them: ${caps.map((c) => `--cap-add ${c.replace(/^CAP_/, '')}`).join(' ')}`,
    );
  }
  if (others.length > 0 && denied.length === 0 && caps.length === 0) {
    lines.push(
      input.explanation
        ? "The complain run found no syscall the profile would deny: the failure is probably not seccomp's (compare with the workload's own behaviour, or with more capabilities)."
        : 'Run again with --explain (needs auditd) to list the syscalls the profile would deny.',
    );
  }
  return lines.join('\n');
}
