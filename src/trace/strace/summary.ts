import type { SeccompArch } from '../../model/profile.js';
import { personalityAbi } from './names.js';

/** One row of a `strace -c` table: a syscall, how often it was called and how often it failed. */
export interface SummaryRow {
  name: string;
  calls: number;
  errors: number;
}

/** The numeric columns of a `strace -c` table, in order (the name column is always last). */
export interface SummaryColumns {
  titles: readonly string[];
  calls: number;
  /** -1 when the table has no errors column (`-U` without `errors`). */
  errors: number;
}

/** strace 6.1's column titles (summary.c), one per `-U` column; `time` is `% time` with its `%` lost. */
const COLUMN_TITLES: ReadonlySet<string> = new Set([
  '% time',
  'time',
  'seconds',
  'shortest',
  'longest',
  'usecs/call',
  'calls',
  'errors',
]);

/** The default table's columns: `% time     seconds  usecs/call     calls    errors syscall`. */
export const DEFAULT_COLUMNS: SummaryColumns = {
  titles: ['% time', 'seconds', 'usecs/call', 'calls', 'errors'],
  calls: 3,
  errors: 4,
};

/**
 * The header of a `strace -c` table (also with `-f`, `-w`, `-S` and `-U`): known column titles
 * ending with `syscall`, e.g. `% time     seconds  usecs/call     calls    errors syscall`,
 * `    seconds     calls    errors syscall` (-U) or `time     seconds ...` (the `%` lost in a
 * copy). Undefined when the line is not such a header or has no `calls` column.
 */
export function parseSummaryHeader(line: string): SummaryColumns | undefined {
  const tokens = line.trim().split(/\s+/);
  if (tokens.pop() !== 'syscall') return undefined;
  const titles: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const title = tokens[k] === '%' && tokens[k + 1] === 'time' ? `% ${tokens[++k]}` : tokens[k]!;
    if (!COLUMN_TITLES.has(title)) return undefined;
    titles.push(title);
  }
  const calls = titles.indexOf('calls');
  return calls < 0 ? undefined : { titles, calls, errors: titles.indexOf('errors') };
}

/** `System call usage summary for 32 bit mode:` (a second table for another personality) → its ABI. */
export function summaryPersonality(line: string, native: SeccompArch): SeccompArch | undefined {
  const match = /^System call usage summary for (32 bit|x32|64 bit) mode:/.exec(line);
  return match ? personalityAbi(match[1]!, native) : undefined;
}

/** A `------ ----------- ...` separator line of the table. */
export function isSummarySeparator(line: string): boolean {
  return line.startsWith('------');
}

/** A number of a table cell: `0.002344`, or `0,002344` as strace writes it in a comma-decimal locale. */
const CELL = /^\d+(?:[.,]\d+)?$/;

/**
 * ` 56.14    0.002344          97        24        12 wait4` → {wait4, 24 calls, 12 errors}. The
 * errors cell is blank when none failed (the only cell strace leaves blank), so a row may have
 * one number fewer than the table has columns. The closing `total` row gives `name: 'total'`.
 * Undefined when the line is not a row of a table with these columns.
 */
export function parseSummaryRow(line: string, columns: SummaryColumns = DEFAULT_COLUMNS): SummaryRow | undefined {
  const fields = line.trim().split(/\s+/);
  const name = fields.pop()!;
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || !fields.every((f) => CELL.test(f))) return undefined;
  const width = columns.titles.length;
  if (fields.length === width) {
    const errors = columns.errors < 0 ? 0 : Number(fields[columns.errors]);
    return { name, calls: Number(fields[columns.calls]), errors };
  }
  if (fields.length !== width - 1 || columns.errors < 0) return undefined;
  const calls = columns.calls < columns.errors ? columns.calls : columns.calls - 1;
  return { name, calls: Number(fields[calls]), errors: 0 };
}

/**
 * The state of reading `strace -c` tables inside a stream: a `System call usage summary for 32
 * bit mode:` line sets the next table's ABI, the header starts a table, `total` ends it.
 */
export class SummaryTables {
  inTable = false;
  private arch: SeccompArch;
  private nextArch: SeccompArch | undefined;
  private counted = true;
  private columns = DEFAULT_COLUMNS;

  constructor(private readonly native: SeccompArch) {
    this.arch = native;
  }

  /** A line outside a table: true when it is a table header or personality line (now consumed). */
  start(line: string, count: boolean): boolean {
    const arch = summaryPersonality(line, this.native);
    if (arch !== undefined) {
      this.nextArch = arch;
      return true;
    }
    const columns = parseSummaryHeader(line);
    if (columns === undefined) return false;
    this.columns = columns;
    this.inTable = true;
    this.arch = this.nextArch ?? this.native;
    this.counted = count;
    return true;
  }

  /**
   * A line inside a table: the row to count (with the table's ABI), null for a line to skip
   * (separator, total, a table not counted), undefined when it is not part of a table (ends it).
   */
  row(line: string): (SummaryRow & { arch: SeccompArch }) | null | undefined {
    if (isSummarySeparator(line)) return null;
    const row = parseSummaryRow(line, this.columns);
    if (!row || row.name === 'total') this.inTable = false;
    if (!row) return undefined;
    return row.name === 'total' || !this.counted ? null : { ...row, arch: this.arch };
  }
}
