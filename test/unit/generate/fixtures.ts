import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/cli.js';
import { parseObservation } from '../../../src/model/read-observation.js';
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
