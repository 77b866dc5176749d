import type { Command } from 'commander';
import type { Act } from '../context.js';
import { registerCaps } from './caps.js';
import { registerCleanup } from './cleanup.js';
import { registerCompletion } from './completion.js';
import { registerDiff } from './diff.js';
import { registerEmit } from './emit.js';
import { registerGenerate } from './generate.js';
import { registerLint } from './lint.js';
import { registerMerge } from './merge.js';
import { registerRecord } from './record.js';
import { registerReport } from './report.js';
import { registerSetup } from './setup.js';
import { registerVerify } from './verify.js';

/** Each command module adds itself to the program; the list is the CLI's table of contents. */
export type RegisterCommand = (program: Command, act: Act) => void;

const commands: RegisterCommand[] = [
  registerDiff,
  registerEmit,
  registerGenerate,
  registerLint,
  registerMerge,
  registerRecord,
  registerReport,
  registerVerify,
  registerCaps,
  registerCleanup,
  registerSetup,
  registerCompletion,
];

/** Register every command on `program`. */
export function registerCommands(program: Command, act: Act): void {
  for (const register of commands) register(program, act);
}
