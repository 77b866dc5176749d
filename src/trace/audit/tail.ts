import { open, stat } from 'node:fs/promises';

/** Where reading stands: the file (by identity, as rotation renames it) and the offset in it. */
export interface TailPosition {
  /** Inode and birth time: inode numbers of deleted generations are reused for new files. */
  inode: string;
  offset: number;
}

/** A file's identity across renames. */
function identityOf(info: { ino: number; birthtimeMs: number }): string {
  return `${info.ino}@${info.birthtimeMs}`;
}

/** How many rotated generations (`audit.log.1` .. `.N`) to search for the file being read. */
const MAX_GENERATIONS = 99;
const READ_SIZE = 1 << 20;

/**
 * Follows auditd's log from a position taken before the container starts. auditd rotates by
 * renaming `audit.log` → `audit.log.1` → ... and opening a new `audit.log`; when the inode
 * being read is no longer `audit.log`, the rest of the rotated file is read first, then each
 * newer generation, then the new `audit.log`. If the file was rotated away entirely (more
 * generations than `num_logs` between two reads) the loss is reported, never hidden.
 */
export class AuditLogTail {
  private position: TailPosition;
  /** Reasons data may have been missed (rotated away, truncated). */
  readonly losses: string[] = [];
  bytesRead = 0;

  private constructor(
    readonly path: string,
    start: TailPosition,
  ) {
    this.position = start;
  }

  /** Start at the current end of `path`: only records written from now on are read. */
  static async fromEnd(path: string): Promise<AuditLogTail> {
    const info = await stat(path);
    return new AuditLogTail(path, { inode: identityOf(info), offset: info.size });
  }

  /** Start at a known position (tests, or a position saved earlier). */
  static at(path: string, position: TailPosition): AuditLogTail {
    return new AuditLogTail(path, { ...position });
  }

  get current(): TailPosition {
    return { ...this.position };
  }

  /** Read everything written since the last call, in order, passing each chunk to `onChunk`. */
  async read(onChunk: (chunk: Buffer) => void): Promise<void> {
    const live = await stat(this.path);
    if (identityOf(live) === this.position.inode) {
      if (live.size < this.position.offset) {
        this.losses.push(`${this.path} was truncated while recording`);
        this.position.offset = 0;
      }
      this.position.offset = await this.readFrom(this.path, this.position.offset, onChunk);
      return;
    }
    const generations = await this.rotatedGenerations();
    let at = generations.findIndex((g) => g.inode === this.position.inode);
    if (at < 0) {
      // Every generation still there is newer than the file we were reading: read them all.
      this.losses.push(`${this.path} was rotated away before it was read to the end (raise num_logs/max_log_file)`);
      at = generations.length;
    } else {
      await this.readFrom(generations[at]!.path, this.position.offset, onChunk);
    }
    for (let i = at - 1; i >= 0; i--) await this.readFrom(generations[i]!.path, 0, onChunk);
    this.position = { inode: identityOf(live), offset: 0 };
    this.position.offset = await this.readFrom(this.path, 0, onChunk);
  }

  /** Rotated files newest first (`.1`, `.2`, ...), stopping at the first gap. */
  private async rotatedGenerations(): Promise<{ path: string; inode: string }[]> {
    const found: { path: string; inode: string }[] = [];
    for (let n = 1; n <= MAX_GENERATIONS; n++) {
      const path = `${this.path}.${n}`;
      try {
        found.push({ path, inode: identityOf(await stat(path)) });
      } catch {
        break;
      }
    }
    return found;
  }

  /** Read `path` from `offset` to its current end; returns the new offset. */
  private async readFrom(path: string, offset: number, onChunk: (chunk: Buffer) => void): Promise<number> {
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      handle = await open(path, 'r');
    } catch {
      this.losses.push(`${path} disappeared before it was read`);
      return offset;
    }
    try {
      const buffer = Buffer.alloc(READ_SIZE);
      let at = offset;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, READ_SIZE, at);
        if (bytesRead === 0) return at;
        at += bytesRead;
        this.bytesRead += bytesRead;
        onChunk(Buffer.from(buffer.subarray(0, bytesRead)));
      }
    } finally {
      await handle.close();
    }
  }
}
