import { parseDockerRun } from '../../engine/run-args.js';
import { UsageError } from '../../errors.js';
import type { SessionIo } from '../../record/session.js';
import type { RecordFlags, RecordMode } from './record-options.js';
import type { RecordResult } from './record-output.js';

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
          exerciseTimeoutS: flags.exerciseTimeoutS,
        },
        io,
      );
    }
    case 'from-audit':
    case 'from-strace':
      return ingestTraces(mode);
    case 'compose':
    case 'attach':
    case 'compose-attach':
      throw new UsageError(
        'internal: compose and attach recordings are written per container (record-compose.ts, record-attach.ts)',
      );
    case 'command': {
      const { recordCommand } = await import('../../record/command.js');
      const observation = await recordCommand({
        command: mode.argv,
        exercise: flags.exercise,
        durationS: flags.durationS,
        graceS: flags.graceS,
        exerciseTimeoutS: flags.exerciseTimeoutS,
        runner: io.runner,
        logger: io.logger,
        signal: io.signal,
        onProgress: io.onProgress,
      });
      return { observation, interrupted: io.signal.aborted };
    }
  }
}

/** Read traces someone already took (strace/qemu output, audit logs); the traces' modules are loaded only here. */
export async function ingestTraces(
  mode: Extract<RecordMode, { kind: 'from-strace' | 'from-audit' }>,
): Promise<RecordResult> {
  switch (mode.kind) {
    case 'from-audit': {
      const { ingestAuditLog } = await import('../../trace/audit/ingest.js');
      const observation = await ingestAuditLog(mode.files);
      // An ingested log is complete unless the first Ctrl-C ended the stream.
      return { observation, interrupted: !observation.complete };
    }
    case 'from-strace': {
      const { ingestTraceFiles } = await import('../../trace/trace-files.js');
      const options = mode.native === undefined ? {} : { traceArch: mode.native };
      const observation = await ingestTraceFiles(mode.files, options);
      return { observation, interrupted: !observation.complete };
    }
  }
}
