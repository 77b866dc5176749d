import type { Observation } from '../../src/model/observation.js';
import type { BackendEvidence } from '../../src/trace/backend.js';

type Syscalls = Observation['syscalls'];

/** `{name: count}` → a syscall table with firstSeen in the given order. */
export function calls(
  counts: Record<string, number>,
): Record<string, { count: number; errors: number; firstSeen: number }> {
  return Object.fromEntries(
    Object.entries(counts).map(([name, count], i) => [name, { count, errors: 0, firstSeen: i }]),
  );
}

/** What a tracer hands the recorder: the given per-ABI syscalls, nothing lost, nothing else. */
export function evidenceOf(syscalls: Syscalls, extra: Partial<BackendEvidence> = {}): BackendEvidence {
  return {
    syscalls,
    blocked: {},
    args: {},
    bindPorts: [],
    diagnostics: { unparsedLines: 0, unparsedSamples: [], unknownSyscalls: [], lostEvents: 0 },
    capabilities: {},
    notes: [],
    incompleteReasons: [],
    ...extra,
  };
}

/** A minimal valid observation of a command, with the given per-ABI syscalls. */
export function observationOf(syscalls: Syscalls, extra: Partial<Observation> = {}): Observation {
  const { notes: _notes, ...evidence } = evidenceOf(syscalls);
  return {
    kind: 'seccompose/observation',
    version: '1.0',
    workload: { kind: 'command', command: ['true'] },
    backend: { name: 'strace', version: '6.1', notes: [] },
    complete: true,
    exit: { code: 0, signal: null },
    durationMs: 1,
    ...evidence,
    ...extra,
  };
}
