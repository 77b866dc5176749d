import { createRequire } from 'node:module';
import type { Logger } from 'pino';
import type { LogLevel } from './log-levels.js';

export type { Logger };

const require = createRequire(import.meta.url);

/** pino, loaded on the first logger (a command that never logs, such as ingesting a trace, never loads it). */
function loadPino(): typeof import('pino') {
  return require('pino') as typeof import('pino');
}

/** The one logger: JSON lines on stderr (fd 2), so stdout carries only the product. */
export function createLogger(level: LogLevel = 'warn'): Logger {
  const { pino } = loadPino();
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

/** A logger that drops everything: for tests and library use. */
export function silentLogger(): Logger {
  const { pino } = loadPino();
  return pino({ level: 'silent' });
}
