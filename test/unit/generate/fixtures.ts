import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/cli.js';
import { parseObservation } from '../../../src/model/read-observation.js';
import type { Observation } from '../../../src/model/observation.js';
import type { LabelledObservation } from '../../../src/observation/merge.js';
import type { GenerateOptions } from '../../../src/generate/generate.js';

export const observationsDir = join(repoRoot, 'test', 'fixtures', 'observations');

/** Every hand-made observation fixture's file name. */
export const fixtureNames = readdirSync(observationsDir)
  .filter((f) => f.endsWith('.json'))
  .sort();

/** A fixture, validated by the real reader (observationSchema). */
export function fixture(name: string): LabelledObservation {
  const path = join(observationsDir, name);
  return { label: name, observation: parseObservation(readFileSync(path, 'utf8'), path) };
}

/** The options `generate` uses without flags. */
export const defaultOptions: GenerateOptions = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  includeBlocked: false,
  runtimeSyscalls: true,
  allowPartial: false,
  allowLossy: false,
  native: 'SCMP_ARCH_X86_64',
};

/** A minimal valid observation of a command, with the given per-ABI syscalls. */
export function observationOf(syscalls: Observation['syscalls'], extra: Partial<Observation> = {}): Observation {
  return {
    kind: 'seccompose/observation',
    version: '1.0',
    workload: { kind: 'command', command: ['true'] },
    backend: { name: 'strace', version: '6.1', notes: [] },
    complete: true,
    incompleteReasons: [],
    exit: { code: 0, signal: null },
    durationMs: 1,
    syscalls,
    blocked: {},
    args: {},
    bindPorts: [],
    capabilities: {},
    diagnostics: { unparsedLines: 0, unparsedSamples: [], unknownSyscalls: [], lostEvents: 0 },
    ...extra,
  };
}

/** `{name: count}` → a syscall table with firstSeen in the given order. */
export function calls(
  counts: Record<string, number>,
): Record<string, { count: number; errors: number; firstSeen: number }> {
  return Object.fromEntries(
    Object.entries(counts).map(([name, count], i) => [name, { count, errors: 0, firstSeen: i }]),
  );
}
