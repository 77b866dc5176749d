/** One command of a documented example, with what the documentation says it prints and exits with. */
export interface DocCommand {
  /** The shell command line, continuation lines joined. */
  command: string;
  /** Output lines the documentation shows after it (may be empty); `...` / `…` lines match anything. */
  expected: string[];
  /** The exit code the documentation states (`# exit N` after the command), else 0. */
  exitCode: number;
}

/** A fenced block of the README and what its marker says to do with it. */
export interface DocBlock {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  /** `run`, or `skip` with the reason given in the marker; undefined when the block has no marker. */
  mode?: { kind: 'run' } | { kind: 'skip'; reason: string };
  commands: DocCommand[];
}

const MARKER = /^<!--\s*doctest:\s*(run|skip)(?:\s+"([^"]*)")?\s*-->$/;
const EXIT = /\s+#\s*exit\s+(\d+)\s*$/;

/**
 * The `console` and `sh` blocks of a Markdown text. A block is marked by the HTML comment on the
 * line just above its fence: `<!-- doctest: run -->` or `<!-- doctest: skip "why" -->`.
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
          ? ({ kind: 'run' } as const)
          : ({ kind: 'skip', reason: marker[2] ?? '' } as const)
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
      commands.at(-1)?.expected.push(line);
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
    commands.push(withExit(stripComment(command), []));
  }
  return commands;
}

function withExit(command: string, expected: string[]): DocCommand {
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

/** Output with what changes from run to run masked: digits, temp paths, container ids and names. */
export function stableText(line: string): string {
  return line
    .replace(/\/tmp\/[^\s'"]+/g, '/tmp/…')
    .replace(/\b[0-9a-f]{12,64}\b/g, '<id>')
    .replace(/seccompose-(rec|verify|probe)-[a-z0-9]+/g, 'seccompose-$1-<name>')
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether every shown line appears, in order, among the actual lines (stable parts only). */
export function missingLines(expected: string[], actual: string): string[] {
  const got = actual.split('\n').map(stableText);
  const missing: string[] = [];
  let at = 0;
  for (const line of expected) {
    const want = stableText(line);
    if (want === '' || want === '...' || want === '…') continue;
    // An ellipsis inside a shown line stands for what the README abridged (a path, a list).
    const pattern = new RegExp(`^${want.split('…').map(escapeRegExp).join('.*')}$`);
    const found = got.findIndex((g, j) => j >= at && pattern.test(g));
    if (found === -1) missing.push(line);
    else at = found + 1;
  }
  return missing;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
