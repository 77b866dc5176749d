import { closeSync, constants, openSync, readSync } from 'node:fs';

/** The kernel log device: without auditd, the kernel prints audit records there (rate-limited). */
export const KMSG_PATH = '/dev/kmsg';
const RECORD_MAX = 8192;

/**
 * `/dev/kmsg` record → its message text: `PRIO,SEQ,USEC,FLAGS;text` (continuation lines of
 * key=value pairs, which start with a space, are dropped). Undefined for anything else.
 */
export function kmsgMessage(record: string): string | undefined {
  const firstLine = record.split('\n', 1)[0] ?? '';
  const at = firstLine.indexOf(';');
  if (at < 0 || !/^\d+,\d+,\d+,[^;]*$/.test(firstLine.slice(0, at))) return undefined;
  return firstLine.slice(at + 1);
}

/**
 * Reads audit records from the kernel log when auditd is not running: a fallback only. The
 * kernel rate-limits these messages (printk), so most records of a busy workload are lost;
 * recordings from here are always marked partial. Opened non-blocking; what was in the ring
 * buffer before the recording started is skipped.
 */
export class KmsgTail {
  readonly losses: string[] = [];
  bytesRead = 0;
  private overwritten = false;

  private constructor(private readonly fd: number) {}

  /** Open the kernel log and skip what it already holds. */
  static open(path = KMSG_PATH): KmsgTail {
    const tail = new KmsgTail(openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
    tail.drain(() => undefined);
    tail.overwritten = false;
    return tail;
  }

  /** Read the records logged since the last call (one message line per record). */
  async read(onChunk: (chunk: Buffer) => void): Promise<void> {
    this.drain(onChunk);
  }

  /** Close the device. */
  close(): void {
    closeSync(this.fd);
  }

  private drain(onChunk: (chunk: Buffer) => void): void {
    const buffer = Buffer.alloc(RECORD_MAX);
    for (;;) {
      let n: number;
      try {
        n = readSync(this.fd, buffer, 0, RECORD_MAX, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          // Records were overwritten in the ring buffer before we read them.
          if (!this.overwritten) this.losses.push('kernel log records were overwritten before they were read');
          this.overwritten = true;
          continue;
        }
        if (code === 'EAGAIN') return;
        throw error;
      }
      if (n === 0) return;
      this.bytesRead += n;
      const message = kmsgMessage(buffer.toString('utf8', 0, n));
      if (message !== undefined) onChunk(Buffer.from(`${message}\n`));
    }
  }
}
