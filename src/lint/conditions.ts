import { DAEMON_ARCH_NAMES } from '../profile/context.js';
import type { LintOptions } from './context.js';
import type { FilterView, RuleView } from './view.js';

/** Whether a rule takes effect in the lint context: always, under a condition (named), or never. */
export type Reach = { kind: 'always' } | { kind: 'conditional'; condition: string } | { kind: 'never' };

/** A rule with no args and no includes/excludes: it applies to every call of its names, everywhere. */
export function isUnconditional(rule: RuleView): boolean {
  return rule.args.length === 0 && isEmptyFilter(rule.includes) && isEmptyFilter(rule.excludes);
}

/** Whether includes/excludes is absent or lists nothing. */
export function isEmptyFilter(filter: FilterView | undefined): boolean {
  return (
    filter === undefined || (filter.caps.length === 0 && filter.arches.length === 0 && filter.minKernel === undefined)
  );
}

/** When a rule applies, judged from its includes/excludes and the lint options (args are not considered). */
export function reachOf(rule: RuleView, options: LintOptions): Reach {
  const conditions: string[] = [];
  for (const reach of [includesReach(rule.includes, options), excludesReach(rule.excludes, options)]) {
    if (reach.kind === 'never') return reach;
    if (reach.kind === 'conditional') conditions.push(reach.condition);
  }
  return conditions.length === 0 ? { kind: 'always' } : { kind: 'conditional', condition: conditions.join(' and ') };
}

function includesReach(filter: FilterView | undefined, options: LintOptions): Reach {
  if (filter === undefined) return { kind: 'always' };
  const conditions: string[] = [];
  const caps = filter.caps.map((c) => c.value);
  if (caps.length > 0) {
    if (options.caps === undefined) conditions.push(`only with ${caps.join(' + ')}`);
    else if (!caps.every((c) => options.caps!.includes(c))) return { kind: 'never' };
  }
  const arches = filter.arches.map((a) => a.value);
  if (arches.length > 0) {
    const host = options.arch && DAEMON_ARCH_NAMES[options.arch];
    if (host === undefined) conditions.push(`only on ${arches.join('/')} hosts`);
    else if (!arches.includes(host)) return { kind: 'never' };
  }
  return conditions.length === 0 ? { kind: 'always' } : { kind: 'conditional', condition: conditions.join(' and ') };
}

function excludesReach(filter: FilterView | undefined, options: LintOptions): Reach {
  if (filter === undefined) return { kind: 'always' };
  const conditions: string[] = [];
  const caps = filter.caps.map((c) => c.value);
  if (caps.length > 0) {
    if (options.caps === undefined) conditions.push(`only without ${caps.join(', ')}`);
    else if (caps.some((c) => options.caps!.includes(c))) return { kind: 'never' };
  }
  const arches = filter.arches.map((a) => a.value);
  if (arches.length > 0) {
    const host = options.arch && DAEMON_ARCH_NAMES[options.arch];
    if (host === undefined) conditions.push(`not on ${arches.join('/')} hosts`);
    else if (arches.includes(host)) return { kind: 'never' };
  }
  if (filter.minKernel) conditions.push(`only on kernels older than ${filter.minKernel.value}`);
  return conditions.length === 0 ? { kind: 'always' } : { kind: 'conditional', condition: conditions.join(' and ') };
}

/** Actions that let the syscall run. */
export function isPermissive(action: string | undefined): boolean {
  return action === 'SCMP_ACT_ALLOW' || action === 'SCMP_ACT_LOG';
}
