import { InputError } from '../errors.js';
import { consumeInput, openInput, regularFileSize } from './open-input.js';

/** Largest input file seccompose reads whole (profiles, observations). Traces are streamed instead. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Read a whole input file as UTF-8, or stdin when `path` is `-`. Bounded while reading: a regular
 * file over the limit is refused by its size, and a stream (stdin, FIFO, /dev/zero) is cut at the
 * limit without buffering past it. The first SIGINT/SIGTERM ends the read with exit 130, also while
 * waiting for a writer. Errors name the path and what to do.
 */
export async function readInput(path: string, what = 'input', limit = MAX_INPUT_BYTES): Promise<string> {
  const name = path === '-' ? 'stdin' : path;
  const size = await regularFileSize(path);
  if (size !== undefined && size > limit) {
    throw tooLarge(`${name} is ${size} bytes, more than the ${limit}-byte limit for a ${what}; nothing was read`);
  }
  const stream = await openInput(path, { what, hint: 'check the path, or pass - to read from stdin' });
  const chunks: Buffer[] = [];
  let total = 0;
  await consumeInput(
    stream,
    (chunk) => {
      total += chunk.length;
      if (total > limit) {
        stream.destroy();
        throw tooLarge(`${name} goes on past the ${limit}-byte limit for a ${what}; reading stopped there`);
      }
      chunks.push(chunk);
    },
    'throw',
    name,
  );
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(message: string): InputError {
  return new InputError(message, {
    hint: 'pass the profile or observation file itself (traces are read with record --from-strace/--from-audit)',
  });
}
