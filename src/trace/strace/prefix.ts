/** Where a line's content starts, after strace's prefixes; reused for every line (no allocation). */
export interface LinePrefix {
  /** Offset of the first byte after the prefixes. */
  at: number;
  /** The pid from `N ` (-f -o) or `[pid N] ` (stderr); -1 when the line has none. */
  pid: number;
  /** The syscall number from `[  12] ` (-n); -1 when absent. */
  nr: number;
}

/**
 * Skip a line's prefixes: `[pid  N] ` or `N  ` (pid), then up to two timestamps (-t `09:42:24`,
 * -tt `09:42:24.404133`, -ttt `1795772545.326677`, -r `    0.000139`), then -n's `[  12] `.
 * A `[` that is not a syscall number (`[ Process PID=...`) is left at `at`. False when a
 * timestamp runs to the end of the line.
 */
export function scanPrefix(s: Buffer, i: number, e: number, out: LinePrefix): boolean {
  let p = i;
  let pid = -1;
  let c = s[p]!;
  if (c === 91 && s[p + 1] === 112 && s[p + 2] === 105 && s[p + 3] === 100) {
    p += 4;
    while (s[p] === 32) p++;
    let n = 0;
    for (c = s[p]!; c >= 48 && c <= 57; c = s[++p]!) n = n * 10 + c - 48;
    if (c !== 93) return false;
    pid = n;
    c = s[++p]!;
  }
  for (let token = 0; token < 3; token++) {
    while (c === 32) c = s[++p]!;
    if (c < 48 || c > 57) break;
    let q = p;
    let n = 0;
    for (; c >= 48 && c <= 57; c = s[++q]!) n = n * 10 + c - 48;
    if (c === 32 && pid < 0) pid = n;
    else if (c === 46 || c === 58) {
      q = s.indexOf(32, q);
      if (q < 0 || q >= e) return false;
    } else break;
    p = q;
    c = s[p]!;
  }
  out.pid = pid;
  out.nr = -1;
  if (s[p] === 91) {
    let q = p + 1;
    while (s[q] === 32) q++;
    c = s[q]!;
    if (c >= 48 && c <= 57) {
      let nr = 0;
      for (; c >= 48 && c <= 57; c = s[++q]!) nr = nr * 10 + c - 48;
      out.nr = nr;
      p = q + 2;
    }
  }
  out.at = p;
  return true;
}
