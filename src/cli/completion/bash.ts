import { allCommands, type CommandSpec, type OptionSpec } from './describe.js';

/**
 * A bash completion script for the tree: subcommands, options per command, fixed choices for
 * option values, files for other values; after `--` (the workload) commands, then files.
 */
export function renderBashCompletion(root: CommandSpec): string {
  const fn = `_${root.path[0]}`;
  const commands = allCommands(root);
  const key = (spec: CommandSpec): string => spec.path.slice(1).join(' ');
  const lines = [
    `# bash completion for ${root.path[0]}, generated from its command definitions (${root.path[0]} completion bash).`,
    `${fn}_subcommands() {`,
    '  case "$1" in',
    ...commands
      .filter((c) => c.commands.length > 0)
      .map((c) => `    ${quoteCase(key(c))}) echo ${quoteWords(c.commands.map((s) => s.path.at(-1)!))} ;;`),
    '  esac',
    '}',
    `${fn}_options() {`,
    '  case "$1" in',
    ...commands.map((c) => `    ${quoteCase(key(c))}) echo ${quoteWords(c.options.flatMap((o) => o.flags))} ;;`),
    '  esac',
    '}',
    '# Prints the choices for a value (of an option, or the first argument), "-" for a path, nothing',
    '# for a free word; fails when the option takes no value.',
    `${fn}_value() {`,
    '  case "$1|$2" in',
    ...commands.flatMap((c) => c.options.filter((o) => o.value).map((o) => valueCase(key(c), o))),
    ...commands
      .filter((c) => c.arguments[0]?.choices)
      .map((c) => `    ${quoteCase(`${key(c)}|`)}) echo ${quoteWords(c.arguments[0]!.choices!)} ;;`),
    '    *) return 1 ;;',
    '  esac',
    '}',
    `${fn}() {`,
    '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} path="" i word subs values',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    word=${COMP_WORDS[i]}',
    '    if [ "$word" = "--" ]; then',
    '      if [ $((i + 1)) -eq "$COMP_CWORD" ]; then mapfile -t COMPREPLY < <(compgen -c -- "$cur"); else mapfile -t COMPREPLY < <(compgen -f -- "$cur"); fi',
    '      return 0',
    '    fi',
    `    subs=" $(${fn}_subcommands "$path") "`,
    '    case "$word" in -*) continue ;; esac',
    '    if [[ $subs == *" $word "* ]]; then path=${path:+$path }$word; fi',
    '  done',
    `  if values=$(${fn}_value "$path" "$prev"); then`,
    '    if [ "$values" = "-" ]; then mapfile -t COMPREPLY < <(compgen -f -- "$cur"); else mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur"); fi',
    '    return 0',
    '  fi',
    '  if [[ $cur == -* ]]; then',
    `    mapfile -t COMPREPLY < <(compgen -W "$(${fn}_options "$path")" -- "$cur")`,
    '  else',
    `    subs=$(${fn}_subcommands "$path")`,
    `    [ -n "$subs" ] || subs=$(${fn}_value "$path" "") || subs=""`,
    '    if [ -n "$subs" ]; then mapfile -t COMPREPLY < <(compgen -W "$subs" -- "$cur"); else mapfile -t COMPREPLY < <(compgen -f -- "$cur"); fi',
    '  fi',
    '}',
    `complete -o filenames -F ${fn} ${root.path[0]}`,
  ];
  return `${lines.join('\n')}\n`;
}

function valueCase(path: string, option: OptionSpec): string {
  const pattern = option.flags.map((f) => quoteCase(`${path}|${f}`)).join('|');
  const values = option.choices ? quoteWords(option.choices) : option.path ? '-' : "''";
  return `    ${pattern}) echo ${values} ;;`;
}

/** A case pattern matching exactly `text` (single-quoted; names and flags hold no quote). */
function quoteCase(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function quoteWords(words: string[]): string {
  return quoteCase(words.join(' '));
}
