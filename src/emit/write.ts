import type { Stats } from 'node:fs';
import { mkdtemp, rename, rm, stat, lstat, chmod, open } from 'node:fs/promises';
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
  await checkTarget(path, options.force === true);
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

/**
 * Refuse an output before a long run rather than after it (a recording would be lost): the same
 * checks as writeOutput's, nothing written. `-` (stdout) always passes.
 */
export async function checkOutput(path: string, options: Pick<WriteOptions, 'force'> = {}): Promise<void> {
  if (path !== '-') await checkTarget(path, options.force === true);
}

/**
 * An output may only be absent or a regular file (a symbolic link counts as existing, dangling or
 * not). Anything else is refused even with --force: renaming over /dev/null or a FIFO would
 * replace it with a regular file.
 */
async function checkTarget(path: string, force: boolean): Promise<void> {
  const link = await lstat(path).catch(() => undefined);
  if (link === undefined) return;
  const target = link.isSymbolicLink() ? await stat(path).catch(() => undefined) : link;
  if (target !== undefined && !target.isFile()) {
    throw new InputError(`output ${path} is ${kindOf(target)}, not a regular file; seccompose writes only files`, {
      hint: 'choose a file path with -o (or - for stdout)',
    });
  }
  if (force) return;
  const what = link.isSymbolicLink()
    ? `is a symbolic link${target === undefined ? ' to nothing' : ''}`
    : 'already exists';
  throw new InputError(`output ${path} ${what}`, {
    hint: 'pass --force to replace it, or choose another path with -o',
  });
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}
