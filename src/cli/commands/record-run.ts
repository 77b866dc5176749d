import type { ExitCodeValue } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { ProgressLine } from '../render/progress.js';
import { parseRecordFlags, type RawRecordFlags } from './record-options.js';
import { deliverObservation, type RecordResult } from './record-output.js';
import { ingestTraces } from './record-sources.js';

/**
 * `seccompose record`'s action: check the flags, then ingest the traces given, or record live
 * (that module, with the process runner and the engine, is loaded only then).
 */
export async function runRecord(
  context: CommandContext,
  workload: string[],
  raw: RawRecordFlags,
): Promise<ExitCodeValue> {
  const flags = parseRecordFlags(raw, workload);
  const { mode } = flags;
  if (mode.kind !== 'from-strace' && mode.kind !== 'from-audit')
    return (await import('./record-live.js')).recordLive(flags, context);
  const progress = new ProgressLine(context.progress, context.interactive && !flags.quiet);
  // Redraw while reading, so elapsed time keeps moving on a long file.
  const ticker = setInterval(() => progress.update({}), 250);
  ticker.unref();
  let result: RecordResult;
  try {
    result = await ingestTraces(mode);
  } finally {
    clearInterval(ticker);
    progress.clear();
  }
  return deliverObservation(result, flags, context);
}
