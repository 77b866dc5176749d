import { mkdtemp, rename, rm, stat, chmod, open } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { InputError, messageOf } from '../errors.js';

export interface WriteOptions {
  /** Replace an existing file. Without it an existing file is an error (exit 2). */
  force?: boolean;
  mode?: number;
}

/**
 * Write `content` to `path` atomically: a private temp file in the same directory, fsync,
 * then rename over the target. `-` writes to stdout. A crash never leaves a half-written file.
 */
export async function writeOutput(path: string, content: string, options: WriteOptions = {}): Promise<void> {
  if (path === '-') {
    process.stdout.write(content);
    return;
  }
  if (!options.force && (await exists(path))) {
    throw new InputError(`output ${path} already exists`, {
      hint: 'pass --force to replace it, or choose another path with -o',
    });
  }
  const dir = dirname(path);
  let tmpDir: string;
  try {
    tmpDir = await mkdtemp(join(dir, `.${basename(path)}.tmp-`));
  } catch (error) {
    throw new InputError(`cannot write ${path}: ${messageOf(error)}`, {
      hint: 'check that the directory exists and is writable',
      cause: error,
    });
  }
  const tmpFile = join(tmpDir, basename(path));
  try {
    const handle = await open(tmpFile, 'w', options.mode ?? 0o644);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.mode !== undefined) await chmod(tmpFile, options.mode);
    await rename(tmpFile, path);
  } catch (error) {
    throw new InputError(`cannot write ${path}: ${messageOf(error)}`, { cause: error });
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
