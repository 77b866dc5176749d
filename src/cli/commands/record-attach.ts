import { join } from 'node:path';
import { writeOutput } from '../../emit/write.js';
import { ExitCode, type ExitCodeValue, InternalError, UsageError } from '../../errors.js';
import { stableJson } from '../../model/stable-order.js';
import { withInferredCapabilities } from '../../observation/infer-capabilities.js';
import type { AttachRecording } from '../../record/attach.js';
import type { SessionIo } from '../../record/session.js';
import type { CommandContext } from '../context.js';
import { renderRecordSummary } from '../render/record-summary.js';
import { observationFile, prepareOutputDir } from './record-compose.js';
import type { RecordFlags } from './record-options.js';

/**
 * `record --attach NAME... -o FILE|DIR` and `record -f compose.yaml --attach -o DIR`: record
 * running containers, write one observation per container (one container: -o is the file;
 * several: DIR/<name>.obs.json; a compose project: DIR/<service>.obs.json). Returns 0 when every
 * observation is complete (Ctrl-C is the normal end), 1 when one is partial.
 */
export async function recordAttachedToOutput(
  flags: RecordFlags,
  io: SessionIo,
  context: CommandContext,
): Promise<ExitCodeValue> {
  const mode = flags.mode;
  if (mode.kind !== 'attach' && mode.kind !== 'compose-attach') throw new InternalError('not an attach recording');
  const toDir = mode.kind === 'compose-attach' || mode.names.length > 1;
  if (toDir) await prepareOutputDir(flags, 'an attach to several containers');
  const { recordAttached } = await import('../../record/attach.js');
  const recordings = await recordAttached(
    {
      targets:
        mode.kind === 'attach'
          ? { kind: 'containers', names: mode.names }
          : { kind: 'compose', files: mode.files, project: mode.project, services: mode.services },
      exercise: flags.exercise,
      durationS: flags.durationS,
      exerciseTimeoutS: flags.exerciseTimeoutS,
    },
    io,
  );
  let partial = false;
  for (const recording of recordings) {
    const file = toDir ? fileOf(flags.output, recording) : flags.output;
    const observation = withInferredCapabilities(recording.observation);
    partial ||= !observation.complete;
    await writeOutput(file, stableJson(observation), { force: toDir || flags.force });
    if (!flags.quiet)
      context.stderr.write(`${toDir ? `${labelOf(recording)}: ` : ''}${renderRecordSummary(observation, file)}`);
  }
  return partial ? ExitCode.checkFailed : ExitCode.ok;
}

function fileOf(dir: string, recording: AttachRecording): string {
  const compose = recording.container.compose;
  if (compose) return observationFile(dir, compose.service, compose.replica);
  const name = recording.container.state.name;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name))
    throw new UsageError(`container name ${JSON.stringify(name)} cannot be a file name`);
  return join(dir, `${name}.obs.json`);
}

function labelOf(recording: AttachRecording): string {
  const compose = recording.container.compose;
  return compose ? `service ${compose.service}` : `container ${recording.container.state.name}`;
}
