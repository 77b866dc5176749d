import { Argument, type Command } from 'commander';
import { type Act, lazyAction } from '../context.js';

export const COMPLETION_TARGETS = ['bash', 'zsh', 'man'] as const;

const EXAMPLES = `
Examples:
  source <(seccompose completion bash)                                    this shell only
  seccompose completion bash > /etc/bash_completion.d/seccompose          every bash
  seccompose completion zsh > "\${fpath[1]}/_seccompose"                   zsh (then compinit)
  seccompose completion man > seccompose.1 && man ./seccompose.1          the manual page

\`npm install -g\` installs all three (bash and zsh completion under PREFIX/share, the manual
page as \`man seccompose\`). Everything is generated from the same command definitions as --help.`;

/** `seccompose completion bash|zsh|man`: print the completion script or the manual page. */
export function registerCompletion(program: Command, act: Act): void {
  program
    .command('completion')
    .description('print shell completion (bash, zsh) or the manual page (man), generated from --help')
    .addArgument(new Argument('<target>', 'what to print').choices(COMPLETION_TARGETS))
    .addHelpText('after', EXAMPLES)
    .action(act(lazyAction(async () => (await import('./completion-run.js')).runCompletion)));
}
