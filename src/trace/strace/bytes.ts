/** Byte-level helpers for the strace parser: it works on Buffers, never on per-line strings. */
export const SUCCEEDED = 0;
export const FAILED = 1;
export const NO_RETURN = 2;

/** Latin-1 text of `s[from..to)`: one byte per char, so that offsets stay byte offsets. */
export function text(s: Buffer, from: number, to: number): string {
  return s.toString('latin1', from, to);
}

/** Do the bytes at `at` spell the ASCII string `word`? */
export function matchesAt(s: Buffer, at: number, word: string): boolean {
  if (at < 0 || at + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) if (s[at + k] !== word.charCodeAt(k)) return false;
  return true;
}

/** The end of the line that ends at newline `nl`, without a `\r` before it. */
export function endOfLine(s: Buffer, start: number, nl: number): number {
  return nl > start && s[nl - 1] === 13 ? nl - 1 : nl;
}

/** The call's return, after the last ` = `: an error (`= -1 ENOENT (...)`), a success, or none on the line. */
export function returnOutcome(s: Buffer, from: number, e: number): number {
  let eq = e - 3;
  while (eq >= from && !(s[eq + 1] === 61 && s[eq] === 32 && s[eq + 2] === 32)) eq--;
  if (eq < from) return NO_RETURN;
  if (s[eq + 3] !== 45) return SUCCEEDED;
  const space = s.indexOf(32, eq + 4);
  return space > 0 && space < e && s[space + 1] === 69 ? FAILED : SUCCEEDED;
}

/** On stderr strace may print "strace: Process N attached" in the middle of a call's line. */
export function cutStraceMessage(args: string): string {
  const at = args.indexOf('strace: Process ');
  return at < 0 ? args : args.slice(0, at);
}

const RETURN_VALUE = /^(0x[0-9a-f]+|-?\d+)(?: \/\* (\d+) in strace's PID NS \*\/)?/;

/**
 * The number a call returned: `4660`, raw `0x1234`, or with `--decode-pids=pidns` a pid from a
 * container's namespace translated to ours (`3 /* 30697 in strace's PID NS *\/` → 30697).
 */
export function returnValue(returned: string): number {
  const match = RETURN_VALUE.exec(returned);
  if (!match) return Number.NaN;
  return Number(match[2] ?? match[1]);
}
