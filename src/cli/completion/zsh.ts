import type { ArgumentSpec, CommandSpec, OptionSpec } from './describe.js';

/**
 * A zsh completion function (`#compdef`) for the tree: `_arguments` per command with each
 * option's description and value (fixed choices, else files), `_describe` for subcommands, and
 * the workload after `--` completed as a command line.
 */
export function renderZshCompletion(root: CommandSpec): string {
  const name = root.path[0]!;
  return `${[
    `#compdef ${name}`,
    `# zsh completion for ${name}, generated from its command definitions (${name} completion zsh).`,
    ...functionsFor(root),
    `_${name} "$@"`,
  ].join('\n')}\n`;
}

function functionsFor(spec: CommandSpec): string[] {
  const fn = `_${spec.path.join('_').replaceAll('-', '_')}`;
  const body =
    spec.commands.length > 0
      ? [
          '  local line state',
          `  _arguments -C \\`,
          ...spec.options.map((o) => `    ${optionSpec(o)} \\`),
          `    '1: :->command' \\`,
          `    '*:: :->args'`,
          '  case $state in',
          '    command)',
          '      local -a commands',
          `      commands=(${spec.commands.map((c) => quote(`${c.path.at(-1)}:${c.summary}`)).join(' ')})`,
          `      _describe -t commands ${quote(`${spec.path.join(' ')} command`)} commands ;;`,
          '    args)',
          '      case $line[1] in',
          ...spec.commands.map((c) => `        ${c.path.at(-1)}) ${fn}_${c.path.at(-1)!.replaceAll('-', '_')} ;;`),
          '      esac ;;',
          '  esac',
        ]
      : [
          '  _arguments -S \\',
          ...spec.options.map((o) => `    ${optionSpec(o)} \\`),
          `    ${argumentsSpec(spec.arguments)}`,
        ];
  return [`${fn}() {`, ...body, '}', ...spec.commands.flatMap(functionsFor)];
}

function optionSpec(option: OptionSpec): string {
  const names = option.flags.length > 1 ? `{${option.flags.join(',')}}` : option.flags[0]!;
  const description = `[${escapeBracketed(option.description)}]`;
  const value = option.value
    ? `:${escapeBracketed(option.value.replace(/[<>[\].]/g, ''))}:${option.choices ? `(${option.choices.join(' ')})` : option.path ? '_files' : ' '}`
    : '';
  // A repeatable option may be given again; the spellings of any other exclude each other.
  const prefix = option.value?.includes('...')
    ? "'*'"
    : option.flags.length > 1
      ? quote(`(${option.flags.join(' ')})`)
      : '';
  return `${prefix}${names}${quote(description + value)}`;
}

/** Positional arguments: files, and after `--` a command line (the workload). */
function argumentsSpec(args: ArgumentSpec[]): string {
  const first = args[0];
  if (first?.choices) return quote(`1:${first.name}:(${first.choices.join(' ')})`);
  if (args.some((a) => a.variadic && /workload/.test(a.name))) return quote('*:: :_normal');
  return quote('*:file:_files');
}

function escapeBracketed(text: string): string {
  return text.replace(/([[\]:\\])/g, '\\$1').replaceAll('\n', ' ');
}

/** A zsh single-quoted word. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
