import { mkdtemp, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, messageOf } from '../errors.js';

/** One file of a set written together. */
export interface PlannedFile {
  path: string;
  content: string;
}

/**
 * Write several files all-or-nothing: each is first written and fsynced to a private temp file
 * beside its target; only when every one of them was written (and `check` passed: e.g. a file
 * edited in place has not changed meanwhile) are they renamed over their targets. When one
 * cannot be written, none is left behind.
 */
export async function writeAllOrNothing(
  files: readonly PlannedFile[],
  check: () => Promise<void> = async () => undefined,
): Promise<void> {
  const staged: { tmpDir: string; tmpFile: string; path: string }[] = [];
  try {
    for (const file of files) {
      const tmpDir = await mkdtemp(join(dirname(file.path), `.${basename(file.path)}.tmp-`)).catch((error: unknown) => {
        throw new InputError(`cannot write ${file.path}: ${messageOf(error)}`, {
          hint: 'check that the directory exists and is writable',
          cause: error,
        });
      });
      const tmpFile = join(tmpDir, basename(file.path));
      staged.push({ tmpDir, tmpFile, path: file.path });
      const handle = await open(tmpFile, 'w', 0o644);
      try {
        await handle.writeFile(file.content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await check();
    for (const s of staged) await rename(s.tmpFile, s.path);
  } finally {
    await Promise.all(staged.map((s) => rm(s.tmpDir, { recursive: true, force: true })));
  }
}
