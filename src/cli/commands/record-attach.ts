import { join } from 'node:path';
import { writeOutput } from '../../emit/write.js';
import { ExitCode, type ExitCodeValue, InternalError, UsageError } from '../../errors.js';
import type { Observation } from '../../model/observation.js';
import { stableJson } from '../../model/stable-order.js';
import { withInferredCapabilities } from '../../observation/infer-capabilities.js';
import type { AttachRecording } from '../../record/attach.js';
import { mergeReplicas } from '../../record/compose-replicas.js';
import type { SessionIo } from '../../record/session.js';
import type { CommandContext } from '../context.js';
import { renderRecordSummary } from '../render/record-summary.js';
import { prepareOutputDir } from './record-compose.js';
import type { RecordFlags } from './record-options.js';

/**
 * `record --attach NAME... -o FILE|DIR` and `record -f compose.yaml --attach -o DIR`: record
 * running containers and write their observations (one container: -o is the file; several:
 * DIR/<name>.obs.json; a compose project: DIR/<service>.obs.json, its replicas merged, as
 * `record -f` does). Returns 0 when every observation is complete (Ctrl-C is the normal end), 1
 * when one is partial.
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
  for (const { label, file, observation: raw } of outputsOf(recordings, flags.output, toDir)) {
    const observation = withInferredCapabilities(raw);
    partial ||= !observation.complete;
    await writeOutput(file, stableJson(observation), { force: toDir || flags.force });
    if (!flags.quiet) context.stderr.write(`${toDir ? `${label}: ` : ''}${renderRecordSummary(observation, file)}`);
  }
  return partial ? ExitCode.checkFailed : ExitCode.ok;
}

/** Which observation goes to which file: per compose service (replicas merged), else per container. */
function outputsOf(
  recordings: readonly AttachRecording[],
  output: string,
  toDir: boolean,
): { label: string; file: string; observation: Observation }[] {
  if (recordings.every((r) => r.container.compose !== undefined) && toDir) {
    const perService = mergeReplicas(
      recordings.map((r) => ({
        service: r.container.compose!.service,
        replica: r.container.compose!.replica,
        container: { name: r.container.state.name, id: r.container.state.id },
        observation: r.observation,
      })),
    );
    return perService.map((s) => ({
      label: `service ${s.service}`,
      file: join(output, `${s.service}.obs.json`),
      observation: s.observation,
    }));
  }
  return recordings.map((r) => {
    const name = r.container.state.name;
    if (toDir && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name))
      throw new UsageError(`container name ${JSON.stringify(name)} cannot be a file name`);
    return {
      label: `container ${name}`,
      file: toDir ? join(output, `${name}.obs.json`) : output,
      observation: r.observation,
    };
  });
}
