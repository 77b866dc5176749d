import { writeOutput } from '../../emit/write.js';
import { ExitCode, type ExitCodeValue, InterruptedError } from '../../errors.js';
import type { Observation } from '../../model/observation.js';
import { stableJson } from '../../model/stable-order.js';
import { withInferredCapabilities } from '../../observation/infer-capabilities.js';
import type { CommandContext } from '../context.js';
import { renderRecordSummary } from '../render/record-summary.js';
import type { RecordFlags } from './record-options.js';

/** An observation and whether the user cut the recording short. */
export interface RecordResult {
  observation: Observation;
  interrupted: boolean;
}

/** Add the inferred capabilities, write the observation, summarize; 0 complete, 1 partial. */
export async function deliverObservation(
  result: RecordResult,
  flags: RecordFlags,
  context: CommandContext,
): Promise<ExitCodeValue> {
  const observation = withInferredCapabilities(result.observation);
  await writeOutput(flags.output, stableJson(observation), { force: flags.force });
  if (!flags.quiet) context.stderr.write(renderRecordSummary(observation, flags.output));
  if (result.interrupted)
    throw new InterruptedError(`recording interrupted; the partial observation was written to ${flags.output}`);
  return observation.complete ? ExitCode.ok : ExitCode.checkFailed;
}
