import { CommanderError } from 'commander';
import { ExitCode, type ExitCodeValue, InternalError, ToolError, UsageError } from '../errors.js';

/** What reportError needs from main.ts. */
export interface ErrorReportOptions {
  /** --debug: stacks and the cause chain for every error, not only for internal ones. */
  debug: boolean;
  /** seccompose's version, for the "please report" line. */
  version: string;
  stderr: NodeJS.WritableStream;
}

const QUIET_EXITS = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** Causes are followed this deep at most (a cycle of causes must not hang the exit). */
const MAX_CAUSES = 10;

/** Print a thrown value the way the user should see it and return the exit code it stands for. */
export function reportError(error: unknown, options: ErrorReportOptions): ExitCodeValue {
  const { stderr, debug } = options;
  if (error instanceof CommanderError) {
    if (QUIET_EXITS.has(error.code)) return ExitCode.ok;
    const usage = new UsageError(error.message.replace(/^error: /, ''), {
      hint: 'see `seccompose --help` or `seccompose <command> --help`',
    });
    return reportError(usage, options);
  }
  if (error instanceof ToolError && !(error instanceof InternalError)) {
    stderr.write(`seccompose: ${error.message}\n`);
    if (error.hint) stderr.write(`hint: ${error.hint}\n`);
    if (debug) stderr.write(describeCauses(error));
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  stderr.write(
    `seccompose: internal error: ${err.message}\n` +
      `This is a bug in seccompose ${options.version} (node ${process.version}, ${process.platform}/${process.arch}); please report it with the command you ran.\n` +
      describeCauses(err),
  );
  return ExitCode.internal;
}

/** The error's stack, then each `cause` in turn with its own stack: what --debug adds. */
export function describeCauses(error: Error): string {
  const lines = [`${error.stack ?? error.message}\n`];
  let cause: unknown = error.cause;
  for (let depth = 0; cause !== undefined && depth < MAX_CAUSES; depth += 1) {
    lines.push(`caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return lines.join('');
}
