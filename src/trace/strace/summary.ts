import type { SeccompArch } from '../../model/profile.js';
import { personalityAbi } from './names.js';

/** One row of a `strace -c` table: a syscall, how often it was called and how often it failed. */
export interface SummaryRow {
  name: string;
  calls: number;
  errors: number;
}

/**
 * The header of a `strace -c` table (also with `-f`, `-w` and `-S`):
 * `% time     seconds  usecs/call     calls    errors syscall`.
 */
export function isSummaryHeader(line: string): boolean {
  return line.startsWith('% time') && line.trimEnd().endsWith('syscall');
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

/**
 * ` 56.14    0.002344          97        24        12 wait4` → {wait4, 24 calls, 12 errors}; the
 * errors column is blank when none failed. The closing `total` row gives `name: 'total'`.
 * Undefined when the line is not a table row.
 */
export function parseSummaryRow(line: string): SummaryRow | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return undefined;
  const name = fields[fields.length - 1]!;
  const numbers = fields.slice(0, -1);
  if (!numbers.every((f) => /^\d+(\.\d+)?$/.test(f))) return undefined;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) return undefined;
  const calls = Number(numbers[3]);
  const errors = numbers.length === 5 ? Number(numbers[4]) : 0;
  return { name, calls, errors };
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
    if (!isSummaryHeader(line)) return false;
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
    const row = parseSummaryRow(line);
    if (!row || row.name === 'total') this.inTable = false;
    if (!row) return undefined;
    return row.name === 'total' || !this.counted ? null : { ...row, arch: this.arch };
  }
}
