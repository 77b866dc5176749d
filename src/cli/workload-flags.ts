import type { Command } from 'commander';
import { UsageError } from '../errors.js';

/** Seconds between SIGTERM and SIGKILL when seccompose stops a workload (docker stop's own default). */
export const DEFAULT_GRACE_S = 10;
/** How long a workload may take to become ready (healthy, or its ports answer) before that counts as a failure. */
export const DEFAULT_READY_TIMEOUT_S = 60;

/** `--ready-timeout` and `--grace`, shared by record, verify and caps minimize. */
export function addReadyAndGraceOptions(command: Command): Command {
  return command
    .option(
      '--ready-timeout <seconds>',
      'how long the workload may take to become ready',
      String(DEFAULT_READY_TIMEOUT_S),
    )
    .option('--grace <seconds>', 'seconds between SIGTERM and SIGKILL when stopping', String(DEFAULT_GRACE_S));
}

/** Checked seconds of a flag (`--duration 5`, `--grace 0` where zero is allowed). */
export function parseSeconds(text: string, flag: string, allowZero = false): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
    throw new UsageError(
      `${flag} needs a ${allowZero ? 'non-negative' : 'positive'} number of seconds, got ${JSON.stringify(text)}`,
      { hint: `e.g. ${flag} 30` },
    );
  }
  return n;
}

/** The workload words start with the docker CLI (`docker`, `/usr/bin/docker`): a container, not a host command. */
export function isDockerCommand(word: string | undefined): boolean {
  return word !== undefined && /(^|\/)docker$/.test(word);
}
