import { allCommands, type CommandSpec } from './describe.js';

/**
 * A man page (roff, man(7) macros) for the whole tree: NAME, SYNOPSIS, DESCRIPTION, then one
 * section per command with its full `--help` text (options, examples, exit codes) verbatim.
 */
export function renderManPage(root: CommandSpec, version: string): string {
  const name = root.path[0]!;
  const lines = [
    `.TH ${name.toUpperCase()} 1 "" "${name} ${version}" "User Commands"`,
    '.SH NAME',
    `${name} \\- ${roff(root.summary)}`,
    '.SH SYNOPSIS',
    ...allCommands(root)
      .filter((c) => c.commands.length === 0)
      .flatMap((c) => ['.br', `.B ${roff(c.usage)}`]),
    '.SH DESCRIPTION',
    verbatim(root.help),
    '.SH COMMANDS',
    ...allCommands(root)
      .slice(1)
      .flatMap((c) => [`.SS ${roff(c.path.slice(1).join(' '))}`, verbatim(c.help)]),
    '.SH SEE ALSO',
    `.BR ${name} " completion bash|zsh" ,`,
    '.BR docker-run (1),',
    '.BR strace (1),',
    '.BR bpftrace (8),',
    '.BR auditctl (8)',
  ];
  return `${lines.join('\n')}\n`;
}

/** Help text kept as printed: no filling, no adjusting, escapes neutralised. */
function verbatim(text: string): string {
  const body = text
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${roff(line)}` : roff(line)));
  return ['.nf', ...body, '.fi'].join('\n');
}

/** Escape text for roff: backslashes, minus signs, and anything but printable ASCII as \\[uXXXX] (groff reads bytes). */
function roff(text: string): string {
  return text
    .replaceAll('\\', '\\e')
    .replaceAll('-', '\\-')
    .replace(/[\u{80}-\u{10FFFF}]/gu, (c) => `\\[u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}
