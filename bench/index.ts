/**
 * `npm run bench`: every benchmark, each measuring ratios side by side in one run (never timed
 * assertions in tests). `npm run bench -- lint diff` runs only the named ones.
 */
import type { BenchRow } from './types.js';

const suites: Record<string, () => Promise<{ default?: unknown } & Record<string, unknown>>> = {
  lint: () => import('./lint.js'),
  diff: () => import('./diff.js'),
  merge: () => import('./merge.js'),
  'strace-parse': () => import('./strace-parse.js'),
  'record-strace': () => import('./record-strace.js'),
  'record-ebpf': () => import('./record-ebpf.js'),
  'record-audit': () => import('./record-audit.js'),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(suites);
  const unknown = names.filter((n) => !(n in suites));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const rows: (BenchRow & { suite: string })[] = [];
  for (const name of names) {
    process.stderr.write(`bench: ${name} ...\n`);
    const mod = await suites[name]!();
    const fn = Object.values(mod).find((v): v is () => Promise<BenchRow[]> => typeof v === 'function');
    if (!fn) throw new Error(`bench/${name} exports no benchmark function`);
    for (const row of await fn()) rows.push({ suite: name, ...row });
  }
  printTable(rows);
}

function printTable(rows: (BenchRow & { suite: string })[]): void {
  const cells = rows.map((r) => [r.suite, r.name, formatValue(r.value), r.unit, r.note ?? '']);
  const header = ['suite', 'measure', 'value', 'unit', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === 2 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${cells.map(line).join('\n')}\n`);
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

await main();
