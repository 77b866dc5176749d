import { open } from 'node:fs/promises';

/** Bytes per read: large enough that a read costs little next to handling it. */
const READ_SIZE = 1 << 20;

/**
 * Read bytes [start, end) of a regular file (to its end with `end` = Infinity) into two buffers
 * in turn, the next read running while `onChunk` handles the last one: memory stays at two
 * buffers whatever the size (a stream allocates a chunk per read, and hundreds of MB of them wait
 * for the garbage collector), and reading overlaps the work. `onChunk` must not keep the buffer.
 * True when `signal` stopped the read between two buffers (what was handled counts).
 */
export async function readFileRange(
  path: string,
  start: number,
  end: number,
  onChunk: (chunk: Buffer) => void,
  signal?: AbortSignal,
): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    let position = start;
    // Each read starts when the one before it has ended, where that one stopped.
    const read = async (buffer: Buffer) => {
      const length = Math.min(READ_SIZE, end - position);
      if (length <= 0) return { bytesRead: 0, buffer };
      const result = await file.read(buffer, 0, length, position);
      position += result.bytesRead;
      return result;
    };
    let spare: Buffer = Buffer.allocUnsafe(READ_SIZE);
    let next = read(Buffer.allocUnsafe(READ_SIZE));
    try {
      while (signal?.aborted !== true) {
        const { bytesRead, buffer } = await next;
        if (bytesRead === 0) return false;
        next = read(spare);
        spare = buffer;
        onChunk(bytesRead === READ_SIZE ? buffer : buffer.subarray(0, bytesRead));
      }
      return true;
    } finally {
      await next.catch(() => undefined);
    }
  } finally {
    await file.close();
  }
}
