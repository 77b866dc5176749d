/** One command of a documented example, with what the documentation says it prints and exits with. */
export interface DocCommand {
  /** The shell command line, continuation lines joined. */
  command: string;
  /**
   * The output lines a transcript shows after it: the whole output (none: it prints nothing),
   * except where an elision line (`…`) leaves lines out; see transcriptMismatch. Undefined for a
   * script (`sh` block), which shows no output: only its exit code is checked.
   */
  expected?: string[];
  /** The exit code the documentation states (`# exit N` after the command), else 0. */
  exitCode: number;
}

/** A fenced block of the README and what its marker says to do with it. */
export interface DocBlock {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  /**
   * `run` (in the scratch directory of test/fixtures/docs/world, or of the fixture folder the
   * marker names), or `skip` with the reason given in the marker; undefined without a marker.
   */
  mode?: { kind: 'run'; world?: string } | { kind: 'skip'; reason: string };
  commands: DocCommand[];
}

const MARKER = /^<!--\s*doctest:\s*(?:(run)(?:\s+in\s+([\w-]+))?|(skip)(?:\s+"([^"]*)")?)\s*-->$/;
const EXIT = /\s+#\s*exit\s+(\d+)\s*$/;

/**
 * The `console` and `sh` blocks of a Markdown text. A block is marked by the HTML comment on the
 * line just above its fence: `<!-- doctest: run -->`, `<!-- doctest: run in compose-shop -->`
 * (in a scratch directory of test/fixtures/compose-shop instead) or `<!-- doctest: skip "why" -->`.
 */
export function readDocBlocks(markdown: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!fence) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    const body = lines.slice(i + 1, end === -1 ? lines.length : end);
    const lang = fence[1]!;
    if (lang === 'console' || lang === 'sh') {
      const marker = MARKER.exec(lines[i - 1]?.trim() ?? '');
      const mode = marker
        ? marker[1] === 'run'
          ? ({ kind: 'run', ...(marker[2] ? { world: marker[2] } : {}) } as const)
          : ({ kind: 'skip', reason: marker[4] ?? '' } as const)
        : undefined;
      blocks.push({ line: i + 1, lang, mode, commands: lang === 'console' ? readTranscript(body) : readScript(body) });
    }
    i = end === -1 ? lines.length : end;
  }
  return blocks;
}

/** `$ command` lines (continued by a trailing backslash) with the output lines after each. */
export function readTranscript(body: string[]): DocCommand[] {
  const commands: DocCommand[] = [];
  for (let i = 0; i < body.length; i++) {
    const line = body[i]!;
    if (!line.startsWith('$ ')) {
      commands.at(-1)?.expected?.push(line);
      continue;
    }
    let command = line.slice(2);
    while (command.endsWith('\\') && i + 1 < body.length) command = `${command.slice(0, -1)}${body[++i]!.trim()}`;
    commands.push(withExit(command, []));
  }
  return commands;
}

/** A plain script: each non-comment line (continuations joined) is a command with no shown output. */
export function readScript(body: string[]): DocCommand[] {
  const commands: DocCommand[] = [];
  for (let i = 0; i < body.length; i++) {
    let command = body[i]!;
    while (command.endsWith('\\') && i + 1 < body.length) command = `${command.slice(0, -1)}${body[++i]!.trim()}`;
    if (command.trim() === '' || command.trim().startsWith('#')) continue;
    commands.push(withExit(stripComment(command), undefined));
  }
  return commands;
}

function withExit(command: string, expected: string[] | undefined): DocCommand {
  const exit = EXIT.exec(command);
  return {
    command: (exit ? command.slice(0, exit.index) : command).trim(),
    expected,
    exitCode: exit ? Number(exit[1]) : 0,
  };
}

/** A trailing `# comment` outside quotes (` #` after the command), kept when it states an exit code. */
function stripComment(command: string): string {
  if (EXIT.test(command)) return command;
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && /\s/.test(command[i - 1] ?? '')) return command.slice(0, i).trimEnd();
  }
  return command;
}

/**
 * The example lines of a `--help` text: the indented lines under `Examples:`, continuations
 * joined, each cut before its description (two or more spaces outside quotes).
 */
export function readHelpExamples(help: string): string[] {
  const lines = help.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'Examples:');
  if (start === -1) return [];
  const examples: string[] = [];
  for (let i = start + 1; i < lines.length && /^\s+\S/.test(lines[i]!); i++) {
    let line = lines[i]!.trim();
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)}${lines[++i]!.trim()}`;
    examples.push(cutDescription(line));
  }
  return examples;
}

function cutDescription(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (line.startsWith('  ', i)) return line.slice(0, i);
  }
  return line;
}

/**
 * A line with what changes from run to run and machine to machine masked: the directory under
 * /tmp (the scratch directory, a temp dir), container ids and names, and every figure (a run of digits stands for any run of digits: counts, times,
 * pids, ports, addresses and versions vary by a few between runs and by machine).
 */
export function stableText(line: string): string {
  return line
    .replace(/\/tmp\/[^\s'"/]+/g, '/tmp/…')
    .replace(/\b[0-9a-f]{12,64}\b/g, '<id>')
    .replace(/seccompose-(rec|verify|probe)-[a-z0-9]+/g, 'seccompose-$1-<name>')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A shown line that is only an ellipsis: the README left lines out there (any number, none too). */
export function isElision(line: string): boolean {
  const t = line.trim();
  return t === '…' || t === '...' || t === '[...]';
}

/**
 * Why the actual output does not read as the shown one, or undefined when it does. The shown
 * lines are the whole output, in order, line for line (stable parts only, see stableText), except
 * where the README abridges: an elision line (`…`, `...`, `[...]`) stands for any number of lines,
 * and `…` inside a line for any text. Blank lines at either end of the output do not count.
 */
export function transcriptMismatch(expected: string[], actual: string): string | undefined {
  const want = trimBlank(expected).map((l) => (isElision(l) ? undefined : linePattern(l)));
  const got = trimBlank(actual.split('\n')).map(stableText);
  if (matchesFrom(want, got, 0, 0, new Map())) return undefined;
  return describeMismatch(expected, want, got);
}

function trimBlank(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}

function linePattern(line: string): RegExp {
  return new RegExp(`^${stableText(line).split('…').map(escapeRegExp).join('.*')}$`);
}

/** Glob matching over lines (undefined = an elision), memoized on the two positions. */
function matchesFrom(
  want: (RegExp | undefined)[],
  got: string[],
  i: number,
  j: number,
  seen: Map<number, boolean>,
): boolean {
  const key = i * (got.length + 1) + j;
  const known = seen.get(key);
  if (known !== undefined) return known;
  let result: boolean;
  if (i === want.length) result = j === got.length;
  else {
    const pattern = want[i];
    result =
      pattern === undefined
        ? matchesFrom(want, got, i + 1, j, seen) || (j < got.length && matchesFrom(want, got, i, j + 1, seen))
        : j < got.length && pattern.test(got[j]!) && matchesFrom(want, got, i + 1, j + 1, seen);
  }
  seen.set(key, result);
  return result;
}

/** The first shown line that is missing, or the first output line the README does not show. */
function describeMismatch(expected: string[], want: (RegExp | undefined)[], got: string[]): string {
  const shown = trimBlank(expected);
  let j = 0;
  let gap = false;
  for (let i = 0; i < want.length; i++) {
    const pattern = want[i];
    if (pattern === undefined) {
      gap = true;
      continue;
    }
    const found = gap ? got.findIndex((g, k) => k >= j && pattern.test(g)) : pattern.test(got[j] ?? '') ? j : -1;
    if (found === -1) {
      return gap || j >= got.length
        ? `shown line not printed: ${shown[i]}`
        : `shown line not printed: ${shown[i]}\n  printed instead (output line ${j + 1}): ${got[j]}`;
    }
    j = found + 1;
    gap = false;
  }
  return gap ? 'the output does not read as shown' : `printed but not shown (output line ${j + 1}): ${got[j] ?? ''}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
