import { parseDockerRun } from '../../engine/run-args.js';
import { EnvironmentError } from '../../errors.js';
import type { Observation } from '../../model/observation.js';
import type { SessionIo } from '../../record/session.js';
import type { RecordFlags } from './record-options.js';

/** An observation and whether the user cut the recording short. */
export interface RecordResult {
  observation: Observation;
  interrupted: boolean;
}

/**
 * Produce the observation for the chosen mode. Each mode's module is imported lazily, so that
 * `record --help` and the other modes work without loading (or needing) the rest.
 */
export async function recordFromSource(flags: RecordFlags, io: SessionIo): Promise<RecordResult> {
  const mode = flags.mode;
  switch (mode.kind) {
    case 'container': {
      const spec = parseDockerRun(mode.argv);
      const { recordContainerSession } = await import('../../record/session.js');
      return recordContainerSession(
        {
          spec,
          backend: flags.backend,
          baseline: flags.baseline,
          graceS: flags.graceS,
          readyTimeoutS: flags.readyTimeoutS,
          exercise: flags.exercise,
          durationS: flags.durationS,
        },
        io,
      );
    }
    case 'from-audit': {
      const { ingestAuditLog } = await import('../../trace/audit/ingest.js');
      return { observation: await ingestAuditLog(mode.files), interrupted: false };
    }
    case 'from-strace': {
      const { ingestStraceFiles } = await import('../../trace/strace/ingest.js');
      return { observation: await ingestStraceFiles(mode.files), interrupted: false };
    }
    case 'command':
      return recordWithStrace(flags, mode, io);
  }
}

/** The strace modes are provided by the strace backend's modules (src/record/command.ts, src/trace/strace/ingest.ts). */
async function recordWithStrace(
  flags: RecordFlags,
  mode: Extract<RecordFlags['mode'], { kind: 'command' }>,
  io: SessionIo,
): Promise<RecordResult> {
  throw new EnvironmentError(`recording a plain command (${mode.argv[0]}) is not available in this build`, {
    hint: `record a container instead (-- docker run ...); output would have gone to ${flags.output} (${io.signal.aborted ? 'interrupted' : 'not started'})`,
  });
}
