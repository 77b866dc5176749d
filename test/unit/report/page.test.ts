import { describe, expect, it } from 'vitest';
import { renderReportPage } from '../../../src/report/page.js';
import type { ReportTab } from '../../../src/report/model.js';
import { FAMILIES, FAMILY_TITLES } from '../../../src/report/families.js';

const tab = (title: string): ReportTab => ({
  title,
  kind: 'profile',
  context: 'arch x86_64 daemon',
  allowed: 1,
  dockerDefault: 2,
  families: FAMILIES.map((family) => ({
    family,
    title: FAMILY_TITLES[family],
    allowed: family === 'privileged' ? [{ name: 'ptrace', filter: undefined, risk: 'a <b>risk</b>' }] : [],
    dockerDefault: 0,
  })),
  highRisk: [{ name: 'ptrace', filter: undefined, risk: 'a <b>risk</b>' }],
  capabilities: undefined,
  recordings: [],
  calls: [],
});

describe('report page', () => {
  it('escapes every input-derived text and has one radio, label and panel per tab', () => {
    const html = renderReportPage([tab('<script>alert(1)</script>.json'), tab('b.json')], ['"x".json'], '0.0.0');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;.json');
    expect(html).toContain('a &lt;b&gt;risk&lt;/b&gt;');
    expect(html).toContain('&quot;x&quot;.json');
    expect(html.match(/<input type="radio"/g)).toHaveLength(2);
    expect(html.match(/<div class="panel"/g)).toHaveLength(2);
    expect(html).toContain('#tab-1:checked ~ main #panel-1 { display:block; }');
  });
});
