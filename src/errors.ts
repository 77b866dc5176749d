/** What hints tell the user to run to install and start what seccompose needs (ships with the package). */
export const SETUP_COMMAND = 'seccompose setup';

/** Exit codes shared by every command (see README "Exit codes"). */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  environment: 3,
  internal: 70,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface ToolErrorOptions {
  /** What the user can do next. */
  hint?: string;
  cause?: unknown;
}

/** Base of every error meant for the user: a message, an exit code and an optional hint. */
export class ToolError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;
  constructor(message: string, exitCode: ExitCodeValue, options: ToolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** Bad flags or arguments. Exit 2. */
export class UsageError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super(message, ExitCode.usage, options);
  }
}

/** Unreadable or invalid input (files, JSON, observations). Exit 2. */
export class InputError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super(message, ExitCode.usage, options);
  }
}

/** The machine lacks something: engine, tracer, privilege, kernel feature. Exit 3. */
export class EnvironmentError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super(message, ExitCode.environment, options);
  }
}

/** A check came out negative (lint findings, diff gate, verification failed). Exit 1. */
export class CheckFailedError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super(message, ExitCode.checkFailed, options);
  }
}

/** The user interrupted (SIGINT). Exit 130. */
export class InterruptedError extends ToolError {
  constructor(message = 'interrupted', options?: ToolErrorOptions) {
    super(message, ExitCode.interrupted, options);
  }
}

/** A bug in seccompose itself. Exit 70, printed with a stack and "please report". */
export class InternalError extends ToolError {
  constructor(message: string, options?: ToolErrorOptions) {
    super(message, ExitCode.internal, options);
  }
}

/** Prefix an error's message with a short lower-case context, keeping its class, code and hint. */
export function withContext(context: string, error: unknown): unknown {
  if (error instanceof ToolError) {
    error.message = `${context}: ${error.message}`;
    return error;
  }
  return error;
}

/** The message of any thrown value, without losing it into `String(e)` where it is an Error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
