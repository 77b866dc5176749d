import type { Command } from 'commander';
import type { ReplayTarget } from '../replay-target.js';
import { DEFAULT_EXERCISE_TIMEOUT_S } from '../../workload/exercise-timeout.js';
import { addReadyAndGraceOptions } from '../workload-flags.js';

/** Options shared by verify and caps minimize. */
export function addReplayOptions(command: Command): Command {
  return addReadyAndGraceOptions(
    command
      .option('--exercise <cmd>', 'shell command that drives the workload once it is ready (sh -c)')
      .option('--duration <seconds>', 'stop the workload this many seconds after it is ready')
      .option(
        '--exercise-timeout <seconds>',
        'the longest the exercise may run; past it the exercise is ended and the run fails',
        String(DEFAULT_EXERCISE_TIMEOUT_S),
      )
      .option('--compose <fragment>', 'take seccomp=PATH and cap_add from this compose file or fragment')
      .option('--service <name>', 'the compose service to read'),
  ).option('-q, --quiet', 'no progress line');
}

/** Say up front when a replay can only end by the workload's own exit (a service never does). */
export function warnIfUnbounded(target: ReplayTarget, stderr: NodeJS.WritableStream, quiet: boolean | undefined): void {
  if (quiet || target.exercise !== undefined || target.durationS !== undefined) return;
  stderr.write(
    'seccompose: waiting for the workload to exit by itself (for a service, pass --exercise or --duration; Ctrl-C stops)\n',
  );
}
