/** `--log-level` values (pino's levels, plus silent); apart from log.ts so the CLI's start does not load pino. */
export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
