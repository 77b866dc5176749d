import { readFile } from 'node:fs/promises';
import { InputError, InterruptedError, messageOf } from '../errors.js';

/** Largest input file seccompose reads whole (profiles, observations). Traces are streamed instead. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Read a whole input file as UTF-8, or stdin when `path` is `-`. Errors name the path and what to do. */
export async function readInput(path: string): Promise<string> {
  if (path === '-') return readStdin();
  try {
    const buffer = await readFile(path);
    if (buffer.length > MAX_INPUT_BYTES) {
      throw new InputError(
        `${path} is ${buffer.length} bytes, more than the ${MAX_INPUT_BYTES}-byte limit for this kind of input`,
      );
    }
    return buffer.toString('utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : messageOf(error);
    throw new InputError(`cannot read ${path}: ${what}`, {
      hint: 'check the path, or pass - to read from stdin',
      cause: error,
    });
  }
}

/**
 * Read stdin to its end. Ctrl-C (or SIGTERM) while waiting ends the read with InterruptedError
 * (exit 130): stdin is process-wide, so nothing else would stop a read nobody is feeding.
 */
async function readStdin(): Promise<string> {
  const interrupt = (): void => {
    process.stdin.destroy(new InterruptedError('interrupted while reading stdin'));
  };
  process.once('SIGINT', interrupt).once('SIGTERM', interrupt);
  try {
    return await collectStdin();
  } finally {
    process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
  }
}

async function collectStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) throw new InputError(`stdin is larger than the ${MAX_INPUT_BYTES}-byte limit`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
