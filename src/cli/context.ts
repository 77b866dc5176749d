import type { ExitCodeValue } from '../errors.js';
import type { Logger } from '../log.js';

/** What every command gets from main.ts: the logger, the interrupt signal and the output streams. */
export interface CommandContext {
  logger: Logger;
  /** Aborted on the first SIGINT/SIGTERM; pass it to every wait and every process. */
  signal: AbortSignal;
  /** stdout and stderr with control characters escaped (see terminal-streams.ts). */
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Raw stderr, only for drawing the progress line (its own escape sequences must pass). */
  progress: NodeJS.WritableStream;
  /** stderr is a terminal: progress lines may be drawn there. */
  interactive: boolean;
}

/**
 * A command's action: the context, then commander's arguments (positionals, then the options).
 * It returns the exit code (0 ok, 1 a check came out negative) and throws a ToolError otherwise.
 */
export type CommandAction<A extends unknown[]> = (context: CommandContext, ...args: A) => Promise<ExitCodeValue>;

/** Turns a CommandAction into commander's action handler; main.ts keeps the code it returns and exits with it. */
export type Act = <A extends unknown[]>(action: CommandAction<A>) => (...args: A) => Promise<void>;

/**
 * A CommandAction whose body lives in another module, imported only when the command runs: the
 * command's definition (options, help) stays light, so start-up, --help and completion load no
 * command's implementation.
 */
export function lazyAction<A extends unknown[]>(load: () => Promise<CommandAction<A>>): CommandAction<A> {
  return async (context, ...args) => (await load())(context, ...args);
}
