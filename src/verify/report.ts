import type { SeccompArch } from '../model/profile.js';

/** One line of the verification checklist. */
export interface Check {
  /** Stable id: `ready`, `exercise`, `workload-exit`, `stop`, `canary`. */
  name: string;
  ok: boolean;
  detail: string;
}

/** A syscall the profile would deny, as the complain run saw it. */
export interface Denied {
  syscall: string;
  arch: SeccompArch;
  count: number;
  /** Command names (comm) of the processes that made the call, sorted. */
  processes: string[];
  /** What the profile under test does with the call (e.g. `ERRNO(EPERM)`). */
  action: string;
}

/** What the complain run found (absent when it did not run). */
export interface Explanation {
  denied: Denied[];
  /** Capabilities the kernel refused to the workload (observed with eBPF), sorted. */
  failedCapabilities: string[];
  /** Whether capability checks were observed at all (bpftrace could run alongside). */
  capabilitiesObserved: boolean;
  notes: string[];
}

/** The result of `seccompose verify`, as printed (text or JSON). */
export interface VerifyReport {
  verdict: 'pass' | 'fail';
  profile: string;
  /** The capability set the workload ran with (cap_drop ALL + these). */
  capAdd: string[];
  checks: Check[];
  explanation: Explanation | undefined;
  /** How to fix it: ready commands, or empty when it passed. */
  suggestion: string;
  /** What verify changed in the user's docker run, and similar remarks. */
  notes: string[];
}

/** The JSON form: `{verdict, checks, denied, capabilities: {failed}, suggestion}` plus context. */
export function reportJson(report: VerifyReport): Record<string, unknown> {
  return {
    verdict: report.verdict,
    profile: report.profile,
    capAdd: report.capAdd,
    checks: report.checks,
    complainRun: report.explanation !== undefined,
    denied: report.explanation?.denied ?? [],
    capabilities: {
      failed: report.explanation?.failedCapabilities ?? [],
      observed: report.explanation?.capabilitiesObserved ?? false,
    },
    notes: [...report.notes, ...(report.explanation?.notes ?? [])],
    suggestion: report.suggestion,
  };
}
