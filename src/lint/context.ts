import type { SeccompArch } from '../model/profile.js';
import type { Report, RuleMeta } from './finding.js';
import type { ParsedSource } from './source.js';
import type { ProfileView } from './view.js';

/** The host context lint may assume: the daemon's arch and the container's bounding capabilities. */
export interface LintOptions {
  /** The daemon's arch (selects the archMap entry and `includes.arches`); unset: any host. */
  arch?: SeccompArch;
  /** Granted capabilities (CAP_* names); unset: cap-conditioned rules are reported as conditional. */
  caps?: readonly string[];
}

/** Everything a rule may look at: the parse tree, the lenient view, and the assumed host context. */
export interface LintContext {
  source: ParsedSource;
  view: ProfileView;
  options: LintOptions;
  /** ABIs the filter covers (architectures / archMap, plus the daemon arch when known); undefined when unknown. */
  targetArches: readonly SeccompArch[] | undefined;
}

/** A semantic lint rule: metadata plus a pure check over the context. */
export interface LintRule {
  meta: RuleMeta;
  check(context: LintContext): Report[];
}
