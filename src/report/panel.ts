import { renderFamilyChart } from './chart.js';
import { escapeHtml as h } from './escape.js';
import type { AllowedCall, CallRow, ReportTab } from './model.js';

const KIND: Record<ReportTab['kind'], string> = {
  profile: 'seccomp profile',
  observation: 'observations (the profile generate builds from them)',
  compose: 'compose service',
};

/** One tab's content: headline cards, the chart, high-risk calls, families, capabilities, recorded calls. */
export function renderPanel(tab: ReportTab): string {
  return [
    `<p class="context">${h(KIND[tab.kind])} · resolved for ${h(tab.context)}</p>`,
    cards(tab),
    `<section><h2>Allowed per family, against Docker's default</h2>${renderFamilyChart(tab.families)}</section>`,
    highRisk(tab.highRisk),
    families(tab),
    capabilities(tab),
    recordings(tab),
  ].join('\n');
}

function cards(tab: ReportTab): string {
  const removed =
    tab.dockerDefault === 0 ? 0 : Math.round(((tab.dockerDefault - tab.allowed) / tab.dockerDefault) * 1000) / 10;
  const caps = tab.capabilities;
  const card = (cls: string, value: string, label: string, name: string) =>
    `<div class="card ${cls}" data-card="${name}"><div class="value">${h(value)}</div><div class="label">${h(label)}</div></div>`;
  return `<div class="cards">${[
    card('', String(tab.allowed), 'syscalls allowed', 'allowed'),
    card('', String(tab.dockerDefault), "allowed by Docker's default", 'docker-default'),
    card(removed > 0 ? 'good' : '', `${removed.toFixed(1)}%`, "of Docker's default removed", 'removed'),
    card(
      tab.highRisk.length > 0 ? 'bad' : 'good',
      String(tab.highRisk.length),
      'high-risk syscalls allowed',
      'high-risk',
    ),
    card(
      '',
      caps === undefined ? '—' : String(caps.length),
      caps === undefined ? 'capabilities: not in this input' : 'capabilities granted',
      'caps',
    ),
  ].join('')}</div>`;
}

function highRisk(calls: readonly AllowedCall[]): string {
  if (calls.length === 0)
    return `<section><h2>High-risk syscalls</h2><p class="ok-note">None of the high-risk syscalls is allowed.</p></section>`;
  const items = calls.map(
    (c) =>
      `<li><code>${h(c.name)}</code>${h(c.risk ?? '')}${c.filter ? ` <em>(only ${h(c.filter.replace(/^ALLOW if /, 'if '))})</em>` : ''}</li>`,
  );
  return `<section><h2>High-risk syscalls allowed (${calls.length})</h2><ul class="risk-list">${items.join('')}</ul></section>`;
}

function families(tab: ReportTab): string {
  const blocks = tab.families.map((g) => {
    const chips = g.allowed.map((c) => {
      const cls = c.risk ? 'chip risk' : c.filter ? 'chip filtered' : 'chip';
      const title = [c.risk, c.filter ? `only ${c.filter}` : undefined].filter(Boolean).join(' — ');
      return `<span class="${cls}"${title ? ` title="${h(title)}"` : ''}>${h(c.name)}</span>`;
    });
    return `<div class="family" data-family="${g.family}"><div class="family-head"><h3>${h(g.title)}</h3><span class="count">${g.allowed.length} allowed · Docker's default ${g.dockerDefault}</span></div>${
      chips.length > 0 ? `<div class="chips">${chips.join('')}</div>` : '<p class="empty">none allowed</p>'
    }</div>`;
  });
  return `<section><h2>Syscalls by family</h2><p class="context">red: high-risk · amber: allowed only for some arguments (hover for the filter)</p>${blocks.join('')}</section>`;
}

function capabilities(tab: ReportTab): string {
  const caps = tab.capabilities;
  if (caps === undefined)
    return `<section><h2>Capabilities</h2><p class="empty">A bare profile does not say which capabilities the container has; pass its compose override or observation to see them.</p></section>`;
  if (caps.length === 0)
    return `<section><h2>Capabilities</h2><p class="ok-note">No capabilities: every one of Docker's 14 defaults is dropped.</p></section>`;
  const rows = caps.map(
    (c) =>
      `<tr><td><code>${h(c.name)}</code></td><td>${c.inDockerDefault ? "in Docker's default set" : "<strong>beyond Docker's default</strong>"}</td><td>${h(c.evidence.join('; '))}</td></tr>`,
  );
  return `<section><h2>Capabilities (${caps.length})</h2><table><thead><tr><th>capability</th><th>default?</th><th>evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function recordings(tab: ReportTab): string {
  if (tab.calls.length === 0) return '';
  const max = Math.max(1, ...tab.calls.map((c) => c.count));
  const sources = tab.recordings
    .map(
      (r) =>
        `<li><code>${h(r.label)}</code> ${h(r.workload)} [${h(r.backend)}]${r.complete ? '' : ' — <strong>partial</strong>'}</li>`,
    )
    .join('');
  const rows = tab.calls.map((c) => callRow(c, max));
  return `<section><h2>Recorded calls (${tab.calls.length} syscalls)</h2><h3>Recordings</h3><ul>${sources}</ul><table class="calls"><thead><tr><th>syscall</th><th>family</th><th>calls</th><th></th><th>failed</th><th>ABI</th><th>from</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function callRow(c: CallRow, max: number): string {
  const from = [...c.sources.map((s) => `${s.label} ×${s.count}`), ...(c.runtime ? ['runtime set'] : [])].join(', ');
  const width = Math.max(c.count > 0 ? 2 : 0, Math.round((c.count / max) * 100));
  return `<tr data-syscall="${h(c.name)}"${c.family === 'privileged' ? ' class="risk"' : ''}><td><code>${h(c.name)}</code></td><td>${c.family}</td><td class="num">${c.count}</td><td class="bar-cell"><div style="width:${width}%"></div></td><td class="num">${c.errors}</td><td>${h(c.abis.join(', '))}</td><td>${h(from)}</td></tr>`;
}
