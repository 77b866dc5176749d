import type { Command } from 'commander';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { renderBashCompletion } from '../completion/bash.js';
import { describeCommand } from '../completion/describe.js';
import { renderManPage } from '../completion/man.js';
import { renderZshCompletion } from '../completion/zsh.js';

/** The root of the command tree `command` belongs to. */
function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

/** `seccompose completion`'s action: describe the whole command tree and render it for `target`. */
export async function runCompletion(
  { stdout }: CommandContext,
  target: string,
  _flags: unknown,
  command: Command,
): Promise<ExitCodeValue> {
  const root = rootOf(command);
  const spec = describeCommand(root);
  // commander has checked `target` against COMPLETION_TARGETS.
  const text =
    target === 'bash'
      ? renderBashCompletion(spec)
      : target === 'zsh'
        ? renderZshCompletion(spec)
        : renderManPage(spec, root.version() ?? '');
  stdout.write(text);
  return ExitCode.ok;
}
