import type { Command } from 'commander';
import { type Act, lazyAction } from '../context.js';
import { addReplayOptions } from './replay-options.js';

/** Replays `caps minimize` may spend: no caps + the start set + one per Docker default cap, with room. */
export const DEFAULT_MAX_REPLAYS = 20;

const HELP = `
The search (each step is a real replay of your docker run under the profile, with cap_drop ALL):
  1. no capability at all: if the workload passes, the answer is cap_drop: [ALL] and nothing else;
  2. the starting set (--from OBS: the capabilities the observation used; else Docker's 14 defaults)
     must pass;
  3. each capability of it is dropped in turn and stays dropped when the workload still passes.
A replay passes like \`seccompose verify\` (ready, exercise exit 0, clean exit or SIGTERM honoured),
without the canary. At most --max-replays replays; caps not reached are kept and marked untested.
Progress goes to stderr; the report and the compose fragment to stdout (or -o FILE).

Examples:
  seccompose caps minimize --exercise 'wget -qO- http://$SECCOMPOSE_CONTAINER_IP/' \\
      -- docker run --sysctl net.ipv4.ip_unprivileged_port_start=1024 seccompose/workload:1 --bind80
  seccompose caps minimize --profile nginx.json --from nginx.obs.json --service web -o web.caps.yaml \\
      --exercise ./smoke.sh -- docker run seccompose/nginx:1
  seccompose verify job.json --minimize-caps -- docker run seccompose/workload:1 --mkdir --exit 0

Exit codes: 0 a minimal set was found; 1 the workload fails even with the starting set; 2 usage;
3 engine down or image missing; 130 interrupted.`;

/** Options of the search, shared with `verify --minimize-caps`. */
export function addMinimizeOptions(command: Command): Command {
  return command
    .option('--from <observation>', 'start from the capabilities this observation used')
    .option('--start <set>', "starting set: default (Docker's 14) or observed (needs --from)")
    .option('--max-replays <n>', 'most replays the search may run (at least 2)', String(DEFAULT_MAX_REPLAYS))
    .option('-o, --output <file>', 'also write the compose fragment here')
    .option('--force', 'replace an existing --output file');
}

/** `seccompose caps minimize`: the smallest capability set, found by replay. */
export function registerCaps(program: Command, act: Act): void {
  const caps = program.command('caps').description('capability tools (minimize: the smallest cap_add set, by replay)');
  const minimize = caps
    .command('minimize')
    .description('replay the workload with fewer and fewer capabilities; report the smallest set that passes')
    .argument('[workload...]', 'after --: docker run [OPTIONS] IMAGE [CMD...]')
    .option(
      '--profile <profile>',
      'seccomp profile to replay under (file, docker-default or unconfined)',
      'docker-default',
    )
    .option('--json', 'print the result as JSON');
  // --service (from addReplayOptions) also names the emitted fragment's service (default: app).
  addMinimizeOptions(addReplayOptions(minimize))
    .addHelpText('after', HELP)
    .action(act(lazyAction(async () => (await import('./caps-run.js')).runCapsMinimize)));
}
