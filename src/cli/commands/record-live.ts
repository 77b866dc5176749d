import { checkOutput } from '../../emit/write.js';
import { processRunner } from '../../exec/run.js';
import type { ExitCodeValue } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { warnAboutLeftovers } from '../leftover-warning.js';
import { ProgressLine } from '../render/progress.js';
import { recordAttachedToOutput } from './record-attach.js';
import { recordComposeToDir } from './record-compose.js';
import type { RecordFlags } from './record-options.js';
import { deliverObservation, type RecordResult } from './record-output.js';
import { recordFromSource } from './record-sources.js';

/** A live recording (a container, a host command or a compose project), with the progress line. */
export async function recordLive(flags: RecordFlags, context: CommandContext): Promise<ExitCodeValue> {
  const mode = flags.mode;
  if (mode.kind === 'container' || mode.kind === 'command' || (mode.kind === 'attach' && mode.names.length === 1))
    await checkOutput(flags.output, { force: flags.force });
  if (flags.mode.kind === 'container' || flags.mode.kind === 'command') {
    await warnAboutLeftovers(processRunner, context.stderr);
  }
  const progress = new ProgressLine(context.progress, context.interactive && !flags.quiet);
  const say = (line: string): void => {
    progress.clear();
    if (!flags.quiet) context.stderr.write(`seccompose: ${line}\n`);
  };
  if (flags.mode.kind === 'compose' || flags.mode.kind === 'attach' || flags.mode.kind === 'compose-attach') {
    const io = {
      runner: processRunner,
      logger: context.logger,
      signal: context.signal,
      say,
      onPhase: (phase: string) => progress.update({ phase }),
    };
    try {
      return flags.mode.kind === 'compose'
        ? await recordComposeToDir(flags, io, context)
        : await recordAttachedToOutput(flags, io, context);
    } finally {
      progress.clear();
    }
  }
  let result: RecordResult;
  // Redraw while nothing else updates the line, so elapsed time keeps moving during quiet waits.
  const ticker = setInterval(() => progress.update({}), 250);
  ticker.unref();
  try {
    result = await recordFromSource(flags, {
      runner: processRunner,
      logger: context.logger,
      signal: context.signal,
      say,
      onPhase: (phase) => progress.update({ phase }),
      onProgress: (events, distinct) => progress.update({ events, distinct }),
    });
  } finally {
    clearInterval(ticker);
    progress.clear();
  }
  return deliverObservation(result, flags, context);
}
