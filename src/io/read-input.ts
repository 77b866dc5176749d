import { readFile } from 'node:fs/promises';
import { InputError, messageOf } from '../errors.js';

/** Largest input file seccompose reads whole (profiles, observations). Traces are streamed instead. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Read a whole input file as UTF-8, or stdin when `path` is `-`. Errors name the path and what to do. */
export async function readInput(path: string): Promise<string> {
  if (path === '-') return readStdin();
  try {
    const buffer = await readFile(path);
    if (buffer.length > MAX_INPUT_BYTES) {
      throw new InputError(`${path} is ${buffer.length} bytes, more than the ${MAX_INPUT_BYTES}-byte limit for this kind of input`);
    }
    return buffer.toString('utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : messageOf(error);
    throw new InputError(`cannot read ${path}: ${what}`, { hint: 'check the path, or pass - to read from stdin', cause: error });
  }
}

async function readStdin(): Promise<string> {
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
