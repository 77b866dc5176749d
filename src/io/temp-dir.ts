import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdResource, releaseResource, type Resource } from '../state/registry.js';
import { trackTempDir, untrackTempDir } from './live-temp-dirs.js';

/**
 * Run `fn` with a private (0700) temporary directory that is removed afterwards, whatever happens;
 * it is written down in the state registry meanwhile, for `seccompose cleanup` after a SIGKILL.
 */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `seccompose-${prefix}-`));
  const held: Resource = { kind: 'temp-dir', path: dir };
  trackTempDir(dir);
  await holdResource(held);
  try {
    await chmod(dir, 0o700);
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    untrackTempDir(dir);
    await releaseResource(held);
  }
}
