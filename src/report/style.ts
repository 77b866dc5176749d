/** The page's whole stylesheet, inlined: system fonts, no external asset. */
export const STYLE = `
:root { --ink:#1d2433; --muted:#5b6478; --line:#e3e7ef; --bg:#f5f7fb; --card:#fff; --accent:#2f6fde;
  --risk:#c62828; --risk-bg:#fdecea; --ok:#1b7f4b; --ok-bg:#e6f4ec; --warn-bg:#fff4e0; }
* { box-sizing:border-box; }
body { margin:0; font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; color:var(--ink); background:var(--bg); }
header.page { background:#1d2433; color:#fff; padding:22px 32px 18px; }
header.page h1 { margin:0; font-size:22px; font-weight:650; letter-spacing:.2px; }
header.page p { margin:4px 0 0; color:#b9c2d6; font-size:13px; }
main { padding:0 32px 40px; max-width:1180px; }
.tabs > input { position:absolute; opacity:0; pointer-events:none; }
.tab-bar { display:flex; gap:4px; flex-wrap:wrap; padding:0 32px; background:#1d2433; }
.tab-bar label { padding:9px 16px; color:#b9c2d6; cursor:pointer; border-radius:6px 6px 0 0; font-weight:550; }
.tab-bar label:hover { color:#fff; }
.panel { display:none; padding-top:22px; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(190px,1fr)); gap:14px; margin-bottom:20px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:14px 16px; }
.card .value { font-size:28px; font-weight:700; line-height:1.1; }
.card .label { color:var(--muted); font-size:12.5px; margin-top:4px; }
.card.good .value { color:var(--ok); } .card.bad .value { color:var(--risk); }
section { background:var(--card); border:1px solid var(--line); border-radius:10px; padding:16px 20px; margin-bottom:18px; }
section h2 { margin:0 0 12px; font-size:16px; }
section h3 { margin:14px 0 8px; font-size:14px; color:var(--muted); font-weight:600; }
.context { color:var(--muted); font-size:12.5px; margin:0 0 16px; }
.chart { max-width:100%; height:auto; }
.chart-label { font-size:13px; fill:var(--ink); font-weight:550; }
.chart-value, .chart-legend { font-size:12px; fill:var(--muted); }
.chart-value-here { fill:var(--ink); font-weight:650; }
.bar-default { fill:#cfd6e3; }
.bar-file { fill:#2f6fde; } .bar-network { fill:#0d9488; } .bar-process { fill:#7c3aed; } .bar-memory { fill:#d97706; }
.bar-ipc { fill:#0891b2; } .bar-time { fill:#65a30d; } .bar-privileged { fill:var(--risk); }
.chips { display:flex; flex-wrap:wrap; gap:6px; }
.chip { font:12.5px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; background:#eef2f8; border:1px solid #dde3ee; border-radius:5px; padding:0 7px; }
.chip.filtered { background:var(--warn-bg); border-color:#f3d9a4; }
.chip.risk { background:var(--risk-bg); border-color:#f5b7b1; color:var(--risk); font-weight:650; }
.family-head { display:flex; align-items:baseline; gap:10px; }
.family-head .count { color:var(--muted); font-size:12.5px; }
.empty { color:var(--muted); font-style:italic; margin:2px 0 4px; }
table { border-collapse:collapse; width:100%; font-size:13px; }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; font-size:12px; text-transform:uppercase; letter-spacing:.4px; }
td.dim { color:var(--muted); }
td.num { text-align:right; font-variant-numeric:tabular-nums; }
td code, li code { font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; }
tr.risk td:first-child code { color:var(--risk); font-weight:650; }
.risk-list { list-style:none; margin:0; padding:0; }
.risk-list li { border-left:4px solid var(--risk); background:var(--risk-bg); padding:8px 12px; margin-bottom:8px; border-radius:0 6px 6px 0; }
.risk-list li code { color:var(--risk); font-weight:700; margin-right:8px; }
.ok-note { border-left:4px solid var(--ok); background:var(--ok-bg); padding:8px 12px; border-radius:0 6px 6px 0; }
.cap { display:inline-block; margin:0 6px 6px 0; }
.cap.extra .chip { background:var(--warn-bg); border-color:#f3d9a4; }
.bar-cell { width:140px; } .bar-cell div { height:8px; border-radius:4px; background:var(--accent); }
footer { color:var(--muted); font-size:12px; padding:0 32px 24px; }
`;
