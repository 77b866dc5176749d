import type { Observation } from '../model/observation.js';
import { OBSERVATION_KIND, OBSERVATION_VERSION } from '../model/observation-format.js';
import type { Evidence } from '../observation/tally.js';

/** How the reading of trace files ended: the path (`-`: stdin) a signal cut short, and the traced program's exit. */
export interface IngestEnd {
  interruptedAt: string | undefined;
  exit: Observation['exit'];
}

/**
 * The observation of trace files someone already had (`record --from-strace|--from-audit`): no
 * run of ours, so no duration and no capabilities seen. Built typed, not parsed: the type is the
 * schema's output (keys in its order), and the schema (zod) stays unloaded.
 */
export function ingestedObservation(
  paths: string[],
  backend: Observation['backend'],
  evidence: Evidence,
  end: IngestEnd,
): Observation {
  const { interruptedAt } = end;
  return {
    kind: OBSERVATION_KIND,
    version: OBSERVATION_VERSION,
    workload: { kind: 'trace-files', files: paths },
    backend,
    complete: interruptedAt === undefined,
    incompleteReasons:
      interruptedAt === undefined
        ? []
        : [`interrupted while reading ${interruptedAt === '-' ? 'stdin' : interruptedAt}`],
    exit: end.exit,
    durationMs: 0,
    syscalls: evidence.syscalls,
    blocked: evidence.blocked,
    args: evidence.args,
    bindPorts: evidence.bindPorts,
    capabilities: {},
    diagnostics: evidence.diagnostics,
  };
}
