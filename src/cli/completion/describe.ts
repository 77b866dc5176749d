import type { Command, Option } from 'commander';

/** One option as a completer or a manual needs it. */
export interface OptionSpec {
  /** Every spelling, short first: ['-o', '--output']. */
  flags: string[];
  /** The value's placeholder (`<path>`), when the option takes one. */
  value?: string;
  /** The values commander accepts (`.choices()`), when fixed. */
  choices?: string[];
  /** The value names a file (`<file>`, `<profile>`, `<observation...>`): complete paths. */
  path?: boolean;
  description: string;
}

/** Placeholders whose value is a file: complete paths for them, nothing for free words. */
const PATH_VALUE = /<(file|files|fragment|profile|observation|dir|path)s?(\.\.\.)?>/;

/** One positional argument. */
export interface ArgumentSpec {
  name: string;
  required: boolean;
  variadic: boolean;
  description: string;
  /** The values commander accepts (`.choices()`), when fixed. */
  choices?: string[];
}

/** A command and everything below it, read from the same definitions that print `--help`. */
export interface CommandSpec {
  /** Names from the program down: ['seccompose', 'caps', 'minimize']. */
  path: string[];
  summary: string;
  usage: string;
  options: OptionSpec[];
  arguments: ArgumentSpec[];
  commands: CommandSpec[];
  /** The full `--help` text, including the examples added after it. */
  help: string;
}

/** Walk `command` (visible subcommands and options only, as `--help` shows them). */
export function describeCommand(command: Command, parents: string[] = []): CommandSpec {
  const help = command.createHelp();
  const path = [...parents, command.name()];
  return {
    path,
    summary: command.summary() || firstLine(command.description()),
    usage: `${path.join(' ')} ${command.usage()}`.trim(),
    options: help.visibleOptions(command).map(describeOption),
    arguments: command.registeredArguments.map((a) => ({
      name: a.name(),
      required: a.required,
      variadic: a.variadic,
      description: a.description,
      ...(a.argChoices ? { choices: [...a.argChoices] } : {}),
    })),
    commands: help
      .visibleCommands(command)
      .filter((sub) => sub.name() !== 'help')
      .map((sub) => describeCommand(sub, path)),
    help: fullHelp(command),
  };
}

function describeOption(option: Option): OptionSpec {
  const flags = [option.short, option.long].filter((f): f is string => f !== undefined);
  const spec: OptionSpec = { flags, description: option.description };
  const value = /[<[][^>\]]+[>\]]/.exec(option.flags);
  if (value) spec.value = value[0];
  if (value && PATH_VALUE.test(value[0])) spec.path = true;
  if (option.argChoices) spec.choices = [...option.argChoices];
  return spec;
}

/** What `command --help` prints: the built-in help and every `addHelpText` block. */
function fullHelp(command: Command): string {
  let text = '';
  const saved = command.configureOutput();
  command.configureOutput({ ...saved, writeOut: (s) => (text += s), getOutHelpWidth: () => 100 });
  try {
    command.outputHelp();
  } finally {
    command.configureOutput(saved);
  }
  return text;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

/** Every command in the tree, depth first, the root included. */
export function allCommands(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.commands.flatMap(allCommands)];
}
