import { open } from 'node:fs/promises';
import { watchInterrupt } from '../../io/open-input.js';

/** The trace formats `record --from-strace` reads. */
export type TraceFormat = 'strace' | 'qemu';

/** How much of each input is looked at to tell the formats apart. */
const SNIFF_BYTES = 64 * 1024;

const CALL_LINE = /^\d+ [a-z_][a-z0-9_]*\((.*)$/;

/** Separators between the arguments of a call's text: `, ` (strace) or a bare `,` (qemu). */
function separatorVotes(args: string): { spaced: number; bare: number } {
  let quoted = false;
  let spaced = 0;
  let bare = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ')') break;
    else if (c === ',') args[i + 1] === ' ' ? spaced++ : bare++;
  }
  return { spaced, bare };
}

/**
 * Tell qemu-user's `-strace` output from strace's by its first lines: qemu writes
 * `= -1 errno=2 (No such file or directory)`, `PID Unknown syscall N` and arguments joined by a
 * bare comma (`openat(AT_FDCWD,"/etc/ld.so.cache",O_RDONLY|O_CLOEXEC)`); strace writes
 * `= -1 ENOENT (...)` and `, ` between arguments. Anything not clearly qemu's is strace's.
 */
export function detectTraceFormat(head: string): TraceFormat {
  let spaced = 0;
  let bare = 0;
  for (const line of head.split('\n')) {
    if (/^\d+ Unknown syscall \d+\s*$/.test(line) || / = -1 errno=\d+ \(/.test(line)) return 'qemu';
    const call = CALL_LINE.exec(line);
    if (!call) continue;
    const votes = separatorVotes(call[1]!);
    spaced += votes.spaced;
    bare += votes.bare;
  }
  return bare > spaced ? 'qemu' : 'strace';
}

/** The first SNIFF_BYTES of a file, as text. */
export async function readHead(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

/** A stream's first chunks (at least SNIFF_BYTES, or all of it) and the same stream replayed from its start. */
export async function peekStream(
  stream: AsyncIterable<Buffer | string>,
): Promise<{ head: string; replay: AsyncIterable<Buffer> }> {
  const iterator = stream[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let size = 0;
  let done = false;
  // The first Ctrl-C ends the peek: what was seen is replayed and the reader after it sees the interrupt.
  let stop = (): void => {};
  const stopped = new Promise<'interrupted'>((resolve) => (stop = () => resolve('interrupted')));
  const unwatch = watchInterrupt(() => {
    stop();
    // Nothing more is read: release the stream so that the process can end.
    (stream as AsyncIterable<Buffer | string> & { destroy?: () => void }).destroy?.();
  });
  while (size < SNIFF_BYTES) {
    const next = await Promise.race([iterator.next(), stopped]);
    if (next === 'interrupted' || next.done) {
      done = true;
      break;
    }
    const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(String(next.value), 'latin1');
    seen.push(chunk);
    size += chunk.length;
  }
  unwatch();
  async function* replay(): AsyncGenerator<Buffer> {
    yield* seen;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield Buffer.isBuffer(next.value) ? next.value : Buffer.from(String(next.value), 'latin1');
  }
  return { head: Buffer.concat(seen).toString('latin1'), replay: replay() };
}
