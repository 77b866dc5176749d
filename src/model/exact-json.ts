/**
 * JSON with exact 64-bit integers. Syscall argument values are uint64: JSON.parse rounds every
 * integer above 2^53 (18446744073709551615 and ...614 both become 18446744073709552000), and
 * JSON.stringify cannot write a bigint. Integers that a double cannot hold are read as bigint
 * and written back as their exact digits; everything else is plain JSON.parse/JSON.stringify.
 */

/** A uint64 as the model holds it: a number when it is a safe integer, else a bigint (exact). */
export type Uint64 = number | bigint;

/** Integer literals long enough to be unsafe (2^53 has 16 digits), outside strings. */
const LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(-?\d{16,})(?![.\deE])/g;

/** The canonical model value of an integer: a number when safe, else the bigint itself. */
export function toUint64Value(value: bigint): Uint64 {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
}

/** JSON.parse, but integers beyond ±2^53 come back as exact bigints. Throws like JSON.parse. */
export function parseJsonExact(text: string): unknown {
  const value = JSON.parse(text) as unknown;
  let marked = false;
  const token = `\u0000u64:${Math.random().toString(36).slice(2)}:`;
  const rewritten = text.replace(LONG_INTEGER, (match, digits: string | undefined) => {
    if (digits === undefined || Number.isSafeInteger(Number(digits))) return match;
    marked = true;
    return JSON.stringify(`${token}${digits}`);
  });
  if (!marked) return value;
  return JSON.parse(rewritten, (_key, v: unknown) =>
    typeof v === 'string' && v.startsWith(token) ? toUint64Value(BigInt(v.slice(token.length))) : v,
  );
}

/** JSON.stringify that writes bigints as their exact digits (a JSON number), not an error. */
export function stringifyExact(value: unknown, indent?: number): string {
  let marked = false;
  const token = `\u0000u64:${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      marked = true;
      return `${token}${v.toString()}`;
    },
    indent,
  );
  if (!marked) return text;
  const quoted = JSON.stringify(token).slice(0, -1);
  return text.replace(new RegExp(`${escapeRegExp(quoted)}(-?\\d+)"`, 'g'), '$1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Numeric order of uint64 values (a number and a bigint compare by value). */
export function compareUint64(a: Uint64, b: Uint64): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
