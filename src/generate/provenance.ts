import type { MergedEvidence, SourceSummary } from '../observation/merge.js';
import type { SeccompArch } from '../model/profile.js';

/** One piece of evidence that put a syscall into the profile. */
export type EvidenceItem =
  | { kind: 'observed'; source: string; arch: SeccompArch; count: number }
  | { kind: 'blocked'; source: string; arch: SeccompArch; count: number }
  | { kind: 'runtime'; source: string; arch: SeccompArch }
  | { kind: 'fallback'; reason: string }
  /** What the target ABI's libc issues for `from` observed on `fromArch` (README "Cross-ABI translation"). */
  | {
      kind: 'translated';
      from: string;
      fromArch: SeccompArch;
      arch: SeccompArch;
      basis: 'observed' | 'blocked' | 'runtime';
      source: string;
    };

/** How one syscall ended up in the profile and why (`generate --explain`). */
export interface ExplainEntry {
  name: string;
  /** allow: unconditional; filtered: allowed only for some argument values; enosys: upgrade fallback. */
  rule: 'allow' | 'filtered' | 'enosys';
  evidence: EvidenceItem[];
  filter?: string;
}

/** A short, timestamp-free sentence naming each distinct evidence item. */
export function describeEvidence(item: EvidenceItem): string {
  switch (item.kind) {
    case 'observed':
      return `${item.source} ${shortArch(item.arch)} ×${item.count}`;
    case 'blocked':
      return `${item.source} ${shortArch(item.arch)} blocked attempt ×${item.count} (--include-blocked)`;
    case 'runtime':
      return `runtime set ${shortArch(item.arch)}`;
    case 'fallback':
      return `fallback ENOSYS: ${item.reason}`;
    case 'translated':
      return `${item.source} ${shortArch(item.fromArch)} ${item.from}${item.basis === 'observed' ? '' : ` (${item.basis})`} → ${shortArch(item.arch)}`;
  }
}

/** 'SCMP_ARCH_X86_64' → 'x86_64'. */
export function shortArch(arch: SeccompArch): string {
  return arch.replace(/^SCMP_ARCH_/, '').toLowerCase();
}

function groupSources(sources: readonly SourceSummary[]): string[] {
  const groups = new Map<string, { labels: string[]; partial: number }>();
  for (const s of sources) {
    const key = `${s.workload} [${s.backend}]`;
    const g = groups.get(key) ?? { labels: [], partial: 0 };
    g.labels.push(s.label);
    if (!s.complete) g.partial += 1;
    groups.set(key, g);
  }
  return [...groups.entries()].map(([key, g]) => {
    const runs = `${g.labels.length} run${g.labels.length === 1 ? '' : 's'}`;
    const partial = g.partial > 0 ? `, ${g.partial} partial` : '';
    return `${key} ${runs}${partial}: ${g.labels.join(', ')}`;
  });
}

const MAX_COMMENT = 600;

/**
 * The profile's provenance: which observations (workload, backend, runs) it came from. The
 * moby format has no top-level metadata field, so it goes into the first rule's `comment`
 * (dockerd drops comments when it builds the OCI config), deterministic and without timestamps.
 */
export function provenanceComment(merged: MergedEvidence, extras: readonly string[] = []): string {
  const parts = [
    `seccompose generate from ${merged.sources.length} observation(s): ${groupSources(merged.sources).join('; ')}`,
    ...extras,
  ];
  const text = parts.join(' | ');
  return text.length <= MAX_COMMENT ? text : `${text.slice(0, MAX_COMMENT - 1)}…`;
}
