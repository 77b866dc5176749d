/**
 * Check the cross-ABI table (src/generate/cross-abi-table.ts) against libseccomp's syscall table,
 * and print it as the README's Markdown table. Usage:
 *   npm run check:cross-abi [-- <syscalls.csv>]          check; exit 1 with the problems
 *   npm run check:cross-abi -- --markdown [<syscalls.csv>] print the README table
 * (default table: test/fixtures/reference/libseccomp-syscalls.csv).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SeccompArch } from '../src/model/profile.js';
import type { CrossAbiRow } from '../src/generate/cross-abi-row.js';
import { CROSS_ABI_ROWS } from '../src/generate/cross-abi-table.js';
import { chooseOn, translateSyscall } from '../src/generate/cross-abi.js';
import { parseSyscallCsv } from './gen-tables.js';

/** ABIs whose every call must have an answer on every ABI of `COMPLETE_TARGETS` (the x86 and arm families, riscv64). */
export const COMPLETE_SOURCES: readonly SeccompArch[] = [
  'SCMP_ARCH_X86_64',
  'SCMP_ARCH_X86',
  'SCMP_ARCH_X32',
  'SCMP_ARCH_ARM',
  'SCMP_ARCH_AARCH64',
  'SCMP_ARCH_RISCV64',
];
/** Daemon ABIs a profile is translated to that the check covers completely. */
export const COMPLETE_TARGETS: readonly SeccompArch[] = ['SCMP_ARCH_X86_64', 'SCMP_ARCH_AARCH64', 'SCMP_ARCH_RISCV64'];

type Tables = ReadonlyMap<string, ReadonlySet<string>>;

/** libseccomp's syscalls.csv → the set of names on each ABI. */
export function namesByAbi(csvText: string): Tables {
  const { tables } = parseSyscallCsv(csvText);
  return new Map([...tables].map(([arch, rows]) => [arch, new Set(rows.map(([name]) => name))] as const));
}

function rowNames(row: CrossAbiRow): string[] {
  return [...row.from, ...row.to.flatMap((c) => c.names), ...(row.reverse ?? [])];
}

/**
 * The table's problems against libseccomp's: names no ABI has, and calls of a source ABI that a
 * target ABI lacks with no row saying what they become there. [] when the table is sound.
 */
export function checkCrossAbiTable(tables: Tables, rows: readonly CrossAbiRow[] = CROSS_ABI_ROWS): string[] {
  const problems: string[] = [];
  const known = new Set([...tables.values()].flatMap((names) => [...names]));
  const covered = new Set(rows.flatMap((row) => row.from));
  for (const row of rows)
    for (const name of rowNames(row))
      if (!known.has(name)) problems.push(`row "${row.note}": ${name} is a syscall on no ABI of libseccomp's table`);
  for (const row of rows)
    for (const target of COMPLETE_TARGETS)
      if (chooseOn(row, target) === undefined && row.to.some((c) => c.on === undefined || c.on.includes(target)))
        problems.push(`row "${row.note}": no choice exists on ${target} (${row.from.join(', ')} would be lossy there)`);
  for (const source of COMPLETE_SOURCES)
    for (const target of COMPLETE_TARGETS) {
      const on = tables.get(target)!;
      const missing = [...tables.get(source)!].filter((name) => !on.has(name) && !covered.has(name)).sort();
      if (missing.length > 0)
        problems.push(`${source} → ${target}: no row for ${missing.join(', ')} (absent on ${target})`);
    }
  return problems;
}

const SOURCE_ORDER: readonly SeccompArch[] = [
  'SCMP_ARCH_X86_64',
  'SCMP_ARCH_X86',
  'SCMP_ARCH_ARM',
  'SCMP_ARCH_AARCH64',
];

function cell(name: string, target: SeccompArch, tables: Tables): string {
  const source = SOURCE_ORDER.find((abi) => abi !== target && tables.get(abi)?.has(name)) ?? 'SCMP_ARCH_RISCV64';
  const t = translateSyscall(name, source, target);
  if (t.kind === 'lossy') return '**no equivalent**';
  if (t.kind === 'not-needed') return '— (not needed)';
  return t.names.map((n) => `\`${n}\``).join(' + ');
}

/** The README table: each row's observed names and what each covered target's libc issues. */
export function renderCrossAbiMarkdown(tables: Tables, rows: readonly CrossAbiRow[] = CROSS_ABI_ROWS): string {
  const heads = COMPLETE_TARGETS.map((t) => t.replace('SCMP_ARCH_', '').toLowerCase());
  const lines = [`| observed | ${heads.join(' | ')} | why |`, `| --- | ${heads.map(() => '---').join(' | ')} | --- |`];
  const groups = new Set<string>();
  for (const row of rows) {
    if (row.group !== undefined && groups.has(row.group)) continue;
    const members = row.group === undefined ? [row] : rows.filter((r) => r.group === row.group);
    if (row.group !== undefined) groups.add(row.group);
    const names = members.flatMap((r) => r.from.map((n) => `\`${n}\``)).join(', ');
    const cells = COMPLETE_TARGETS.map((target) =>
      members.length > 1
        ? `\`${row.from[0]}\` → ${cell(row.from[0]!, target, tables)}, … (each likewise)`
        : cell(row.from[0]!, target, tables),
    );
    lines.push(`| ${names} | ${cells.join(' | ')} | ${(row.group ?? row.note).replaceAll('|', '\\|')} |`);
  }
  return `${lines.join('\n')}\n`;
}

function main(argv: string[]): number {
  const markdown = argv.includes('--markdown');
  const root = resolve(fileURLToPath(import.meta.url), '../..');
  const csv = argv.find((a) => !a.startsWith('--')) ?? resolve(root, 'test/fixtures/reference/libseccomp-syscalls.csv');
  const tables = namesByAbi(readFileSync(csv, 'utf8'));
  if (markdown) {
    process.stdout.write(renderCrossAbiMarkdown(tables));
    return 0;
  }
  const problems = checkCrossAbiTable(tables);
  for (const p of problems) process.stderr.write(`check-cross-abi: ${p}\n`);
  if (problems.length === 0)
    process.stderr.write(`check-cross-abi: ${CROSS_ABI_ROWS.length} rows sound against ${csv}\n`);
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
