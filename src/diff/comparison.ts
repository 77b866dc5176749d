import type { AttackSurfaceSummary } from './attack-surface.js';
import type { PolicyDiff } from './diff.js';

/** How the capability sets of the two sides differ, when at least one input carries one. */
export interface CapabilityDiff {
  from: string[];
  to: string[];
  added: string[];
  removed: string[];
  /** A side without a capability set (a bare profile) is taken as Docker's default 14. */
  assumedDefault: { old: boolean; new: boolean };
}

/** A high-risk syscall the new side lets run (added, or its filter widened): why it matters and where it came from. */
export interface AddedRisk {
  name: string;
  why: string;
  /** Which recording introduced it, when the new side has provenance. */
  introducedBy: string | undefined;
}

/** The result of `seccompose diff`: where the profiles came from, what changed, and the surface summary. */
export interface ProfileComparison {
  oldSource: string;
  newSource: string;
  diff: PolicyDiff;
  summary: AttackSurfaceSummary;
  capabilities: CapabilityDiff | undefined;
  risksAdded: AddedRisk[];
  /** Either side generated from an observation of `record --attach` without a start-up recording (generate's warnings). */
  startupWarnings?: string[];
}
