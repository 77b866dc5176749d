import type { Leftover, LeftoverScan } from '../../cleanup/leftovers.js';

/** One line per leftover: what it is and which dead process left it. */
export function describeLeftover(leftover: Leftover): string {
  const by = `(left by seccompose pid ${leftover.owner.split(':')[0]})`;
  switch (leftover.kind) {
    case 'container':
      return `container ${leftover.name || leftover.id.slice(0, 12)} ${by}`;
    case 'audit-rules':
      return `audit rules with key ${leftover.key} (execve/exit_group of every process on the host) ${by}`;
    case 'tracer':
      return `${leftover.command} process ${leftover.pid} (tracing the host) ${by}`;
    case 'temp-dir':
      return `temporary directory ${leftover.path} ${by}`;
    case 'compose-project': {
      const parts = [
        ...(leftover.containers.length > 0
          ? [`containers ${leftover.containers.map((c) => c.name || c.id.slice(0, 12)).join(', ')}`]
          : []),
        ...(leftover.networks.length > 0 ? [`networks ${leftover.networks.join(', ')}`] : []),
        ...(leftover.volumes.length > 0 ? [`volumes ${leftover.volumes.join(', ')}`] : []),
      ];
      return `compose project ${leftover.name} (${parts.join('; ')}) ${by}`;
    }
  }
}

/** The cleanup report: what was (or, with --dry-run, would be) removed, and what could not be checked. */
export function renderCleanupText(
  scan: LeftoverScan,
  failed: readonly { leftover: Leftover; why: string }[],
  dryRun: boolean,
): string {
  const lines: string[] = [];
  if (scan.leftovers.length === 0) lines.push('nothing left behind by seccompose processes that are gone');
  const failedSet = new Set(failed.map((f) => f.leftover));
  for (const leftover of scan.leftovers) {
    const state = dryRun ? 'would remove' : failedSet.has(leftover) ? 'could not remove' : 'removed';
    lines.push(`${state}: ${describeLeftover(leftover)}`);
  }
  for (const f of failed) lines.push(`  ${describeLeftover(f.leftover)}: ${f.why}`);
  for (const what of scan.unchecked) lines.push(`not checked: ${what}`);
  return `${lines.join('\n')}\n`;
}
