import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cli.js';

/** The shared reference data beside the clone (`../shared/anchors`), read-only. */
export const anchorsDir = join(repoRoot, '..', 'shared', 'anchors');

/** Absolute path of an anchor file; fails loudly when the shared folder is missing. */
export function anchorPath(name: string): string {
  const path = join(anchorsDir, name);
  if (!existsSync(path))
    throw new Error(`anchor ${name} not found at ${path}: the tests expect ../shared/anchors beside the clone`);
  return path;
}

export function readAnchor(name: string): string {
  return readFileSync(anchorPath(name), 'utf8');
}
