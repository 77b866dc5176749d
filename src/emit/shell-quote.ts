/**
 * POSIX-shell quoting of one word for a command line the user may copy (display only: seccompose
 * never runs anything through a shell). Plain words stay as they are; anything else is single-quoted.
 */
export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
