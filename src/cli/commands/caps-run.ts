import { stableJson } from '../../model/stable-order.js';
import { composeSeccompPath } from '../../emit/compose.js';
import { writeOutput } from '../../emit/write.js';
import { ExitCode, type ExitCodeValue, UsageError } from '../../errors.js';
import { processRunner } from '../../exec/run.js';
import { BUILTIN_PROFILES, builtinProfilePath } from '../../profile/load.js';
import { minimizeContainerCaps } from '../../verify/minimize-container.js';
import type { MinimizeProgress } from '../../verify/minimize.js';
import { parseReplayTarget, parseVerifyDockerRun, startingCaps, type RawReplayFlags } from '../replay-target.js';
import type { CommandContext } from '../context.js';
import { formatReplayTime, minimizeFragment, minimizeJson, renderMinimizeText } from '../render/verify-minimize.js';
import { warnIfUnbounded } from './replay-options.js';

const USAGE = 'seccompose caps minimize [--profile PROFILE] [--exercise CMD] -- docker run [OPTIONS] IMAGE [CMD...]';

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

/** `seccompose caps minimize`'s action: the search for `[PROFILE] docker run ...`. */
export async function runCapsMinimize(
  context: CommandContext,
  words: string[],
  raw: RawMinimizeFlags,
): Promise<ExitCodeValue> {
  return runMinimize(raw.compose ? words : [raw.profile ?? 'docker-default', ...words], raw, context);
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
