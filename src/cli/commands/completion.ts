import { Argument, type Command } from 'commander';
import { ExitCode } from '../../errors.js';
import type { Act } from '../context.js';
import { renderBashCompletion } from '../completion/bash.js';
import { describeCommand } from '../completion/describe.js';
import { renderManPage } from '../completion/man.js';
import { renderZshCompletion } from '../completion/zsh.js';

export const COMPLETION_TARGETS = ['bash', 'zsh', 'man'] as const;
type CompletionTarget = (typeof COMPLETION_TARGETS)[number];

const EXAMPLES = `
Examples:
  source <(seccompose completion bash)                                    this shell only
  seccompose completion bash > /etc/bash_completion.d/seccompose          every bash
  seccompose completion zsh > "\${fpath[1]}/_seccompose"                   zsh (then compinit)
  seccompose completion man > seccompose.1 && man ./seccompose.1          the manual page

\`npm install -g\` installs all three (bash and zsh completion under PREFIX/share, the manual
page as \`man seccompose\`). Everything is generated from the same command definitions as --help.`;

/** The root of the command tree `command` belongs to. */
function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

/** `seccompose completion bash|zsh|man`: print the completion script or the manual page. */
export function registerCompletion(program: Command, act: Act): void {
  program
    .command('completion')
    .description('print shell completion (bash, zsh) or the manual page (man), generated from --help')
    .addArgument(new Argument('<target>', 'what to print').choices(COMPLETION_TARGETS))
    .addHelpText('after', EXAMPLES)
    .action(
      act(async ({ stdout }, target: string, _flags: unknown, command: Command) => {
        const choice = target as CompletionTarget;
        const root = rootOf(command);
        const spec = describeCommand(root);
        const text =
          choice === 'bash'
            ? renderBashCompletion(spec)
            : choice === 'zsh'
              ? renderZshCompletion(spec)
              : renderManPage(spec, root.version() ?? '');
        stdout.write(text);
        return ExitCode.ok;
      }),
    );
}
