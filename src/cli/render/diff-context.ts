import { CAPABILITIES, DOCKER_DEFAULT_CAPS } from '../../kernel/capabilities.js';
import type { CapabilityDiff } from '../../diff/comparison.js';
import type { ResolveContext } from '../../profile/context.js';

/** "default (14)", "all (41)", "none", "default + CAP_SYS_PTRACE" or the list itself. */
export function describeCaps(caps: readonly string[]): string {
  if (caps.length === 0) return 'none';
  if (caps.length === CAPABILITIES.length) return `all (${caps.length})`;
  const hasDefaults = DOCKER_DEFAULT_CAPS.every((cap) => caps.includes(cap));
  if (!hasDefaults) return caps.join(',');
  const extra = caps.filter((cap) => !DOCKER_DEFAULT_CAPS.includes(cap));
  return extra.length === 0 ? `default (${caps.length})` : `default + ${extra.join(',')}`;
}

/** One line naming the context a diff was resolved for. */
export function describeContext(context: ResolveContext): string {
  return `arch ${context.arch.replace(/^SCMP_ARCH_/, '').toLowerCase()} daemon, caps ${describeCaps(context.caps)}, kernel ${context.kernel}`;
}

/** "88.6%" */
export function percent(value: number): string {
  return `${value.toFixed(1)}%`;
}

/** Why an ABI change matters: calls from ABIs a filter does not cover get libseccomp's bad-arch action. */
export const ARCH_NOTE = ' (calls from an ABI the filter does not cover are killed: bad-arch action)';

/** "Capabilities: +CAP_SYS_ADMIN -CAP_CHOWN (old default (14), new CAP_SYS_ADMIN)" or "… unchanged (…)". */
export function describeCapabilityDiff(caps: CapabilityDiff): string {
  const changes = [...caps.added.map((c) => `+${c}`), ...caps.removed.map((c) => `-${c}`)];
  const side = (list: string[], assumed: boolean) =>
    `${describeCaps(list)}${assumed ? ", Docker's default assumed" : ''}`;
  const sets = `old ${side(caps.from, caps.assumedDefault.old)}; new ${side(caps.to, caps.assumedDefault.new)}`;
  return `Capabilities: ${changes.length > 0 ? changes.join(' ') : 'unchanged'} (${sets})`;
}
