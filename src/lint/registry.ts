import type { LintRule } from './context.js';
import { architectures } from './rules/architectures.js';
import { archMapWithArchitectures } from './rules/archmap-with-architectures.js';
import { argIndex } from './rules/arg-index.js';
import { cloneNamespace } from './rules/clone-namespace.js';
import { conflictingActions } from './rules/conflicting-actions.js';
import { contradictoryArgs } from './rules/contradictory-args.js';
import { denylistDefault } from './rules/denylist-default.js';
import { duplicateKey } from './rules/duplicate-key.js';
import { duplicateSyscall } from './rules/duplicate-syscall.js';
import { errnoAction } from './rules/errno-action.js';
import { errnoRange } from './rules/errno-range.js';
import { filterArch } from './rules/filter-arch.js';
import { highRiskSyscall } from './rules/high-risk-syscall.js';
import { legacyName } from './rules/legacy-name.js';
import { maskedEq } from './rules/masked-eq.js';
import { minKernel } from './rules/min-kernel.js';
import { multiplexerBypass } from './rules/multiplexer-bypass.js';
import { notifyListener } from './rules/notify-listener.js';
import { syscallNotOnArch } from './rules/syscall-not-on-arch.js';
import { unknownCapability } from './rules/unknown-capability.js';
import { unknownField } from './rules/unknown-field.js';
import { unknownSyscall } from './rules/unknown-syscall.js';

/** Semantic rules, run on every profile that parses (in this order; findings are sorted afterwards). */
export const SEMANTIC_RULES: readonly LintRule[] = [
  duplicateKey,
  unknownField,
  legacyName,
  unknownSyscall,
  syscallNotOnArch,
  duplicateSyscall,
  conflictingActions,
  denylistDefault,
  errnoAction,
  errnoRange,
  architectures,
  archMapWithArchitectures,
  multiplexerBypass,
  argIndex,
  maskedEq,
  contradictoryArgs,
  unknownCapability,
  filterArch,
  minKernel,
  highRiskSyscall,
  cloneNamespace,
  notifyListener,
];

/** Every rule lint can report, parse-level ones first: for SARIF's rule list, `--help` and the README. */
export { RULE_CATALOG as ALL_RULES } from './rule-catalog.js';
