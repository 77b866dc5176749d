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

/** A command's action: returns the exit code (0 ok, 1 a check came out negative); throws ToolError otherwise. */
export type CommandAction<O> = (args: string[], options: O, context: CommandContext) => Promise<number>;
