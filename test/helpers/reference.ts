import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

/** The reference data committed with the tests (test/fixtures/reference, sources in its README). */
export const referenceDir = join(repoRoot, 'test', 'fixtures', 'reference');

/** Absolute path of a reference file. */
export function referencePath(name: string): string {
  return join(referenceDir, name);
}

/** Text of a reference file. */
export function readReference(name: string): string {
  return readFileSync(referencePath(name), 'utf8');
}

/** Docker's 14 default capabilities, sorted, as moby lists them (docker-default-capabilities.txt). */
export function referenceDefaultCaps(): string[] {
  return readReference('docker-default-capabilities.txt')
    .split('\n')
    .filter((line) => line.startsWith('CAP_'))
    .sort();
}
