import type { Command } from 'commander';
import { stableJson } from '../../model/stable-order.js';
import { composeSeccompPath } from '../../emit/compose.js';
import { writeOutput } from '../../emit/write.js';
import { ExitCode, type ExitCodeValue, UsageError } from '../../errors.js';
import { processRunner } from '../../exec/run.js';
import { BUILTIN_PROFILES, builtinProfilePath } from '../../profile/load.js';
import { minimizeContainerCaps } from '../../verify/minimize-container.js';
import type { MinimizeProgress } from '../../verify/minimize.js';
import {
  DEFAULT_MAX_REPLAYS,
  parseReplayTarget,
  parseVerifyDockerRun,
  startingCaps,
  type RawReplayFlags,
} from '../replay-target.js';
import type { Act, CommandContext } from '../context.js';
import { formatReplayTime, minimizeFragment, minimizeJson, renderMinimizeText } from '../render/verify-minimize.js';
import { addReplayOptions, warnIfUnbounded } from './replay-options.js';

const USAGE = 'seccompose caps minimize [--profile PROFILE] [--exercise CMD] -- docker run [OPTIONS] IMAGE [CMD...]';

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

/** The flags of the capability search. */
export interface RawMinimizeFlags extends RawReplayFlags {
  profile?: string;
  from?: string;
  start?: string;
  maxReplays: string;
  output?: string;
  force?: boolean;
  json?: boolean;
  quiet?: boolean;
}

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
    .action(
      act(async (context, words: string[], raw: RawMinimizeFlags) =>
        runMinimize(raw.compose ? words : [raw.profile ?? 'docker-default', ...words], raw, context),
      ),
    );
}

/** Run the search for verify-style words: `PROFILE docker run ...`, or `docker run ...` with --compose. */
export async function runMinimize(
  words: string[],
  raw: RawMinimizeFlags,
  context: CommandContext,
): Promise<ExitCodeValue> {
  // Without --compose, --service only names the service of the emitted fragment.
  const target = await parseReplayTarget(
    words,
    { ...raw, capAdd: undefined, service: raw.compose ? raw.service : undefined },
    USAGE,
  );
  if (target.kind !== 'container')
    throw new UsageError('caps minimize replays containers: the words after -- must be `docker run ...`', {
      hint: USAGE,
    });
  const spec = parseVerifyDockerRun(target.workload, target.notes);
  const maxReplays = Number(raw.maxReplays);
  // Fewer than 2 would leave the starting set unreplayed and report it unproven as the result.
  if (!Number.isInteger(maxReplays) || maxReplays < 2)
    throw new UsageError(
      `--max-replays needs an integer of at least 2 (no caps, then the starting set), got ${JSON.stringify(raw.maxReplays)}`,
      { hint: 'e.g. --max-replays 20 (no caps + the starting set + one per capability)' },
    );
  const start = await startingCaps(raw.start, raw.from);
  warnIfUnbounded(target, context.stderr, raw.quiet);
  const say = (line: string): void => void (raw.quiet || context.stderr.write(`seccompose: ${line}\n`));
  const progress: MinimizeProgress = ({ replay, max, trying, outcome }) =>
    say(outcome ? `  ${outcome.pass ? 'pass' : `fail (${outcome.failure})`}` : `replay ${replay}/${max}: ${trying}`);
  const report = await minimizeContainerCaps(
    { ...target, spec, start: start.caps, startSource: start.source, maxReplays },
    { runner: processRunner, logger: context.logger, signal: context.signal },
    progress,
  );
  say(`${report.result.replays} replay(s): ${formatReplayTime(report.replayMs)}`);
  const seccompPath = fragmentSeccompPath(target.target.label, raw.output);
  const fragment = minimizeFragment(report, raw.service ?? 'app', seccompPath);
  if (fragment && raw.output) await writeOutput(raw.output, fragment, { force: Boolean(raw.force) });
  context.stdout.write(raw.json ? stableJson(minimizeJson(report, fragment)) : renderMinimizeText(report, fragment));
  return report.result.kind === 'minimal' ? ExitCode.ok : ExitCode.checkFailed;
}

/** seccomp= of the fragment: relative to where it is written; a shipped profile by its file; unconfined as is. */
function fragmentSeccompPath(label: string, output: string | undefined): string {
  if (label === 'unconfined') return label;
  const file = BUILTIN_PROFILES.includes(label) ? builtinProfilePath(label) : label;
  return composeSeccompPath(output && output !== '-' ? output : 'compose.yaml', file);
}
