import { escapeHtml } from './escape.js';
import type { FamilyGroup } from './model.js';

const WIDTH = 680;
const LABEL_WIDTH = 150;
const ROW = 46;
const BAR = 16;
const TOP = 34;

/**
 * An inline SVG bar chart: per family, how many syscalls Docker's default allows (grey) and how
 * many this profile allows (coloured), on one scale. No script, no external font.
 */
export function renderFamilyChart(groups: readonly FamilyGroup[]): string {
  const max = Math.max(1, ...groups.flatMap((g) => [g.dockerDefault, g.allowed.length]));
  const scale = (n: number) => (n / max) * (WIDTH - LABEL_WIDTH - 50);
  const height = TOP + groups.length * ROW + 8;
  const rows = groups.map((g, i) => {
    const y = TOP + i * ROW;
    const here = g.allowed.length;
    return [
      `<text x="${LABEL_WIDTH - 12}" y="${y + BAR + 4}" class="chart-label" text-anchor="end">${escapeHtml(g.family)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${scale(g.dockerDefault).toFixed(1)}" height="${BAR}" rx="3" class="bar-default"><title>Docker's default: ${g.dockerDefault} ${escapeHtml(g.family)} syscalls</title></rect>`,
      `<text x="${(LABEL_WIDTH + scale(g.dockerDefault) + 6).toFixed(1)}" y="${y + 12}" class="chart-value">${g.dockerDefault}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + BAR + 3}" width="${Math.max(here > 0 ? 2 : 0, scale(here)).toFixed(1)}" height="${BAR}" rx="3" class="bar-here bar-${g.family}"><title>this profile: ${here} ${escapeHtml(g.family)} syscalls</title></rect>`,
      `<text x="${(LABEL_WIDTH + scale(here) + 6).toFixed(1)}" y="${y + BAR + 15}" class="chart-value chart-value-here" data-family="${g.family}">${here}</text>`,
    ].join('');
  });
  const legend =
    `<rect x="${LABEL_WIDTH}" y="6" width="14" height="12" rx="2" class="bar-default"/><text x="${LABEL_WIDTH + 20}" y="16" class="chart-legend">Docker's default</text>` +
    `<rect x="${LABEL_WIDTH + 150}" y="6" width="14" height="12" rx="2" class="bar-here bar-file"/><text x="${LABEL_WIDTH + 170}" y="16" class="chart-legend">this profile</text>`;
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="syscalls allowed per family, this profile against Docker's default">${legend}${rows.join('')}</svg>`;
}
