import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeOutput } from '../../emit/write.js';
import { ExitCode, type ExitCodeValue, InputError, InterruptedError, UsageError } from '../../errors.js';
import { stableJson } from '../../model/stable-order.js';
import { withInferredCapabilities } from '../../observation/infer-capabilities.js';
import type { SessionIo } from '../../record/session.js';
import type { CommandContext } from '../context.js';
import { renderRecordSummary } from '../render/record-summary.js';
import type { RecordFlags } from './record-options.js';

/** Create -o DIR for one observation per service or container; refuse one that already holds observations, unless --force. */
export async function prepareOutputDir(flags: RecordFlags, what: string): Promise<void> {
  if (flags.output === '-')
    throw new UsageError(`${what} writes one observation per service or container: -o needs a directory`, {
      hint: 'e.g. -o recordings/ (writes recordings/<service>.obs.json)',
    });
  await mkdir(flags.output, { recursive: true }).catch((error: unknown) => {
    throw new InputError(`cannot create the output directory ${flags.output}: ${String(error)}`);
  });
  const existing = (await readdir(flags.output)).filter((f) => f.endsWith('.obs.json'));
  if (existing.length > 0 && !flags.force)
    throw new InputError(`${flags.output} already holds observations (${existing.sort().join(', ')})`, {
      hint: 'pass --force to replace them, or choose another directory with -o',
    });
}

/**
 * `record -f compose.yaml -o DIR`: record the project, write one observation per service (its
 * replicas merged) into
 * DIR (created if missing). Returns the exit code: 0 all complete, 1 some partial.
 */
export async function recordComposeToDir(
  flags: RecordFlags,
  io: SessionIo,
  context: CommandContext,
): Promise<ExitCodeValue> {
  const mode = flags.mode;
  if (mode.kind !== 'compose') throw new UsageError('internal: not a compose recording');
  await prepareOutputDir(flags, 'a compose recording');
  const { recordComposeProject } = await import('../../record/compose.js');
  const result = await recordComposeProject(
    {
      files: mode.files,
      project: mode.project,
      services: mode.services,
      backend: flags.backend,
      baseline: flags.baseline,
      exercise: flags.exercise,
      durationS: flags.durationS,
      exerciseTimeoutS: flags.exerciseTimeoutS,
      readyTimeoutS: flags.readyTimeoutS,
      graceS: flags.graceS,
    },
    io,
  );
  let partial = false;
  for (const recording of result.recordings) {
    const file = join(flags.output, `${recording.service}.obs.json`);
    const observation = withInferredCapabilities(recording.observation);
    partial ||= !observation.complete;
    await writeOutput(file, stableJson(observation), { force: true });
    if (!flags.quiet) context.stderr.write(`service ${recording.service}: ${renderRecordSummary(observation, file)}`);
  }
  if (result.interrupted)
    throw new InterruptedError(`recording interrupted; the partial observations were written to ${flags.output}`);
  return partial ? ExitCode.checkFailed : ExitCode.ok;
}
