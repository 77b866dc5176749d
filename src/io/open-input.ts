import { constants, createReadStream, open } from 'node:fs';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { InputError, InterruptedError, messageOf } from '../errors.js';

/** What to say about an input path: the kind of input ("profile", "strace output") and what to pass instead. */
export interface InputLabel {
  what: string;
  hint: string;
}

/**
 * Open an input for streaming: stdin for `-`, a regular file, a FIFO or a character device.
 * A FIFO is opened non-blocking and read through the event loop, so waiting for a writer that
 * never comes stays interruptible (a blocking open would hold a libuv thread that Ctrl-C cannot free).
 */
export async function openInput(path: string, label: InputLabel): Promise<Readable> {
  if (path === '-') return process.stdin;
  const info = await stat(path).catch((error: unknown) => {
    throw unreadable(path, label, describeErrno(error), error);
  });
  if (info.isDirectory()) throw unreadable(path, label, 'is a directory');
  if (info.isFIFO()) {
    // A raw descriptor (not a FileHandle): the socket owns it and closes it.
    const fd = await promisify(open)(path, constants.O_RDONLY | constants.O_NONBLOCK);
    return new Socket({ fd, readable: true, writable: false });
  }
  if (!info.isFile() && !info.isCharacterDevice()) throw unreadable(path, label, 'is not a file, FIFO or device');
  const stream = createReadStream(path, { highWaterMark: 1 << 18 });
  await new Promise<void>((resolve, reject) => {
    stream
      .once('open', () => resolve())
      .once('error', (error) => reject(unreadable(path, label, describeErrno(error), error)));
  });
  return stream;
}

/** The size of a regular file (undefined for anything else), to refuse one that is too large before reading it. */
export async function regularFileSize(path: string): Promise<number | undefined> {
  if (path === '-') return undefined;
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? info.size : undefined;
}

/**
 * Read `stream` chunk by chunk until it ends or the first SIGINT/SIGTERM. On a signal the stream
 * is closed and `onInterrupt` decides: 'throw' ends with InterruptedError (exit 130), 'end' returns
 * normally with `interrupted` set so the caller can keep what it read. `name` is what messages call the input.
 */
let interruptSeen = false;

/**
 * Call `onInterrupt` at the first SIGINT/SIGTERM while a read is under way (returns the unwatch).
 * Remembered for the process: a read that peeks at a stream first (format detection) and the
 * read that follows both see the one interrupt.
 */
export function watchInterrupt(onInterrupt: () => void): () => void {
  const handler = (): void => {
    interruptSeen = true;
    onInterrupt();
  };
  process.once('SIGINT', handler).once('SIGTERM', handler);
  return () => process.off('SIGINT', handler).off('SIGTERM', handler);
}

export async function consumeInput(
  stream: AsyncIterable<Buffer | string> & Partial<Pick<Readable, 'destroy' | 'destroyed'>>,
  onChunk: (chunk: Buffer) => void,
  onInterrupt: 'throw' | 'end',
  name = 'input',
): Promise<{ interrupted: boolean }> {
  let interrupted = interruptSeen;
  const unwatch = watchInterrupt(() => {
    interrupted = true;
    stream.destroy?.();
  });
  try {
    for await (const chunk of stream) {
      onChunk(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'latin1'));
      if (interrupted) break;
    }
  } catch (error) {
    if (!interrupted) throw error;
  } finally {
    unwatch();
    if (stream.destroyed === false && stream !== process.stdin) stream.destroy?.();
  }
  if (interrupted && onInterrupt === 'throw') throw new InterruptedError(`interrupted while reading ${name}`);
  return { interrupted };
}

export function unreadable(path: string, label: InputLabel, what: string, cause?: unknown): InputError {
  return new InputError(`cannot read ${label.what} ${path}: ${what}`, { hint: label.hint, cause });
}

function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'ELOOP') return 'too many symbolic links';
  return messageOf(error);
}
