import { composeFragment } from '../../emit/compose.js';
import type { MinimizeReport } from '../../verify/minimize-container.js';

const bare = (cap: string): string => cap.replace(/^CAP_/, '');

/** The compose fragment for the minimal set (undefined when the search found none). */
export function minimizeFragment(report: MinimizeReport, service: string, seccompPath: string): string | undefined {
  return report.result.kind === 'minimal' ? composeFragment(service, seccompPath, report.result.caps) : undefined;
}

/** `caps minimize` as text: the minimal set, why each kept cap is needed, cost, the fragment. */
export function renderMinimizeText(report: MinimizeReport, fragment: string | undefined): string {
  const { result } = report;
  const lines: string[] = [];
  const cost = `${result.replays} replay(s)`;
  if (result.kind === 'start-fails') {
    lines.push(
      `caps minimize ${report.profile}: the workload fails even with the starting set (${report.startSource}): ${result.failure}`,
      `(${cost})`,
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `caps minimize ${report.profile}: ${result.caps.length === 0 ? 'no capability needed (cap_drop: [ALL])' : `cap_add ${result.caps.map(bare).join(', ')}`}`,
  );
  lines.push(`  started from ${report.startSource}; ${cost}`);
  if (!result.proven)
    lines.push(
      '  not proven minimal: the replay budget ran out before every capability was tried (raise --max-replays)',
    );
  for (const kept of result.kept)
    lines.push(`  keep ${bare(kept.cap)}: ${kept.tested ? `without it, ${kept.neededFor}` : kept.neededFor}`);
  if (result.dropped.length > 0)
    lines.push(`  dropped (the workload passed without them): ${result.dropped.map(bare).join(', ')}`);
  if (fragment) lines.push('', fragment.trimEnd());
  return `${lines.join('\n')}\n`;
}

/** `caps minimize` as JSON. */
export function minimizeJson(report: MinimizeReport, fragment: string | undefined): Record<string, unknown> {
  const { result } = report;
  return {
    profile: report.profile,
    start: report.startSource,
    result: result.kind,
    proven: result.kind === 'minimal' ? result.proven : false,
    capAdd: result.kind === 'minimal' ? result.caps.map(bare) : null,
    kept:
      result.kind === 'minimal'
        ? result.kept.map((k) => ({ cap: bare(k.cap), neededFor: k.neededFor, tested: k.tested }))
        : [],
    dropped: result.kind === 'minimal' ? result.dropped.map(bare) : [],
    failure: result.kind === 'start-fails' ? result.failure : null,
    replays: result.replays,
    compose: fragment ?? null,
  };
}

/** Replay timing for stderr (kept out of stdout, which must be deterministic). */
export function formatReplayTime(list: readonly number[]): string {
  if (list.length === 0) return 'no time';
  const total = list.reduce((a, b) => a + b, 0);
  return `${(total / 1000).toFixed(1)} s in all, ${(total / list.length / 1000).toFixed(1)} s per replay`;
}
