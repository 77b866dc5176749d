import type { ExitCodeValue } from '../errors.js';
import type { Logger } from '../log.js';

/** What every command gets from main.ts: the logger, the interrupt signal and the output streams. */
export interface CommandContext {
  logger: Logger;
  /** Aborted on the first SIGINT/SIGTERM; pass it to every wait and every process. */
  signal: AbortSignal;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
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
