import type { Command } from 'commander';
import { warnAboutLeftovers } from '../leftover-warning.js';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import { stableJson } from '../../model/stable-order.js';
import { processRunner } from '../../exec/run.js';
import { UsageError } from '../../errors.js';
import { refuseComposeCommand } from '../../workload/compose-names.js';
import { parseReplayTarget, parseVerifyDockerRun, type RawReplayFlags } from '../replay-target.js';
import { parseSeconds } from '../workload-flags.js';
import { composeVerifyJson, renderComposeVerify } from '../render/verify-compose.js';
import { reportJson, type VerifyReport } from '../../verify/report.js';
import { verifyContainer } from '../../verify/verify-container.js';
import { verifyHost } from '../../verify/verify-host.js';
import type { CommandContext } from '../context.js';
import { ProgressLine } from '../render/progress.js';
import { renderVerifyText } from '../render/verify-text.js';
import { runMinimize, type RawMinimizeFlags } from './caps-run.js';
import { warnIfUnbounded } from './replay-options.js';

const USAGE = 'seccompose verify PROFILE [--cap-add CAP,...] [--exercise CMD] -- docker run [OPTIONS] IMAGE [CMD...]';

/** The flags as commander hands them over (verify.ts defines them). */
export interface RawVerifyFlags extends RawReplayFlags, RawMinimizeFlags {
  file?: string[];
  explain?: boolean;
  json?: boolean;
  quiet?: boolean;
  minimizeCaps?: boolean;
}

/** `seccompose verify`'s action: a project (-f), the capability search (--minimize-caps), or one replay. */
export async function runVerifyCommand(
  context: CommandContext,
  words: string[],
  raw: RawVerifyFlags,
  self: Command,
): Promise<ExitCodeValue> {
  refuseComposeCommand(words, 'verify');
  if (!raw.minimizeCaps) refuseMinimizeOnly(self);
  if (raw.file) return runVerifyProject(words, raw, context);
  return raw.minimizeCaps ? runMinimize(words, raw, context) : runVerify(words, raw, context);
}

/** Options only the --minimize-caps search reads: refused without it, so none is silently ignored. */
const MINIMIZE_ONLY = ['from', 'start', 'maxReplays', 'output', 'force'] as const;

function refuseMinimizeOnly(command: Command): void {
  const given = MINIMIZE_ONLY.filter((key) => command.getOptionValueSource(key) === 'cli');
  if (given.length === 0) return;
  const flags = given.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  throw new UsageError(`${flags.join(', ')} ${given.length === 1 ? 'is' : 'are'} used only with --minimize-caps`, {
    hint: `add --minimize-caps to search the smallest capability set (seccompose caps minimize), or leave ${flags.join(', ')} out`,
  });
}

async function runVerify(words: string[], raw: RawVerifyFlags, context: CommandContext): Promise<ExitCodeValue> {
  const target = await parseReplayTarget(words, raw, USAGE);
  const spec = target.kind === 'container' ? parseVerifyDockerRun(target.workload, target.notes) : undefined;
  warnIfUnbounded(target, context.stderr, raw.quiet);
  await warnAboutLeftovers(processRunner, context.stderr);
  const progress = new ProgressLine(context.progress, context.interactive && !raw.quiet);
  const deps = {
    runner: processRunner,
    logger: context.logger,
    signal: context.signal,
    onPhase: (phase: string) => progress.update({ phase }),
  };
  const common = {
    target: target.target,
    capAdd: target.capAdd,
    exercise: target.exercise,
    durationS: target.durationS,
    exerciseTimeoutS: target.exerciseTimeoutS,
    readyTimeoutS: target.readyTimeoutS,
    graceS: target.graceS,
    explain: Boolean(raw.explain),
    notes: target.notes,
  };
  let report: VerifyReport;
  try {
    report =
      spec !== undefined
        ? await verifyContainer({ ...common, spec, workload: target.workload }, deps)
        : await verifyHost({ ...common, command: target.workload }, deps);
  } finally {
    progress.clear();
  }
  context.stdout.write(raw.json ? stableJson(reportJson(report)) : renderVerifyText(report));
  return report.verdict === 'pass' ? ExitCode.ok : ExitCode.checkFailed;
}

async function runVerifyProject(words: string[], raw: RawVerifyFlags, context: CommandContext): Promise<ExitCodeValue> {
  if (words.length > 0 || raw.compose || raw.service || raw.capAdd || raw.minimizeCaps)
    throw new UsageError(
      'verify -f takes the project and its override only: no PROFILE, workload, --compose, --service, --cap-add or --minimize-caps',
      {
        hint: 'seccompose verify -f compose.yaml -f compose.seccomp.yaml [--exercise CMD]',
      },
    );
  const progress = new ProgressLine(context.stderr, context.interactive && !raw.quiet);
  const { verifyProject } = await import('../../verify/verify-compose.js');
  let report: Awaited<ReturnType<typeof verifyProject>>;
  try {
    report = await verifyProject(
      {
        files: raw.file!,
        exercise: raw.exercise,
        durationS: raw.duration === undefined ? undefined : parseSeconds(raw.duration, '--duration'),
        exerciseTimeoutS: parseSeconds(raw.exerciseTimeout, '--exercise-timeout'),
        readyTimeoutS: parseSeconds(raw.readyTimeout, '--ready-timeout'),
        graceS: parseSeconds(raw.grace, '--grace', true),
      },
      {
        runner: processRunner,
        logger: context.logger,
        signal: context.signal,
        say: (line) => void (raw.quiet || context.stderr.write(`seccompose: ${line}\n`)),
        onPhase: (phase) => progress.update({ phase }),
      },
    );
  } finally {
    progress.clear();
  }
  context.stdout.write(raw.json ? stableJson(composeVerifyJson(report)) : renderComposeVerify(report));
  return report.verdict === 'pass' ? ExitCode.ok : ExitCode.checkFailed;
}
