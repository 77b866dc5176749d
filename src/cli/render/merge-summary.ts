import type { MergeResult } from '../../merge/merge.js';
import { sortUnique } from '../../model/stable-order.js';

const MAX_LISTED = 20;

function list(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown}, … (${items.length} in all)` : shown;
}

function countCalls(syscalls: Record<string, Record<string, unknown> | undefined>): number {
  return new Set(Object.values(syscalls).flatMap((calls) => Object.keys(calls ?? {}))).size;
}

/** The stderr summary of a merge: what went in, what came out, what was left as it was. */
export function renderMergeSummary(result: MergeResult, output: string): string {
  const where = output === '-' ? 'stdout' : output;
  const lines: string[] = [];
  for (const line of result.mixed) lines.push(`warning: --force: merged recordings of ${line}`);
  switch (result.kind) {
    case 'observation': {
      const o = result.observation;
      const sources = o.merged?.sources ?? [];
      const hosts = sortUnique(sources.flatMap((s) => (s.host ? [s.host.name] : [])));
      const images = sortUnique(sources.flatMap((s) => (s.image ? [s.image] : [])));
      lines.push(
        `merged ${result.inputs} observation input(s), ${sources.length} recording(s)` +
          `${hosts.length > 0 ? ` from ${hosts.length} host(s)` : ''}${images.length > 0 ? ` of ${list(images)}` : ''}` +
          ` → ${where}: ${countCalls(o.syscalls)} syscall name(s) on ${Object.keys(o.syscalls).length} ABI(s)` +
          `${o.complete ? '' : ' (partial: some recordings were cut short)'}`,
      );
      for (const s of result.skipped) lines.push(`  skipped ${s.label}: its recordings are already in ${s.coveredBy}`);
      break;
    }
    case 'profile':
      lines.push(`merged ${result.inputs.length} profile(s) → ${where}: ${result.profile.syscalls.length} rule(s)`);
      if (result.widened.length > 0)
        lines.push(`  allowed (the inputs restrict different arguments of them): ${list(result.widened)}`);
      break;
    case 'extension': {
      const { added, keptByBase, uncoveredAbis } = result.extension;
      lines.push(`extended ${result.base} with ${result.inputs} observation input(s) → ${where}: every base rule kept`);
      lines.push(`  added (${added.length}): ${added.length > 0 ? list(added) : 'nothing new'}`);
      if (keptByBase.length > 0)
        lines.push(`  kept denied or filtered, as the base has them (${keptByBase.length}): ${list(keptByBase)}`);
      if (uncoveredAbis.length > 0)
        lines.push(
          `  warning: the evidence uses ${uncoveredAbis.join(', ')}, which the base's architectures do not cover (such calls are killed); the base's architectures were kept`,
        );
      break;
    }
  }
  return `${lines.join('\n')}\n`;
}
