/**
 * Splits a byte stream into lines at `\n`, whatever the chunk boundaries: a partial last line
 * (auditd still writing it, or a read that ended mid-line) is held until the rest arrives.
 * Splitting on bytes before decoding keeps multi-byte UTF-8 sequences intact.
 */
export class LineSplitter {
  private carry: Buffer = Buffer.alloc(0);
  /** Longest line kept; anything longer is cut (audit records are far shorter than this). */
  static readonly MAX_LINE = 1 << 20;

  /** Feed a chunk; returns the complete lines it finished (without the newline). */
  push(chunk: Buffer): string[] {
    const data = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    const lines: string[] = [];
    let start = 0;
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      lines.push(data.toString('utf8', start, nl));
      start = nl + 1;
    }
    this.carry = data.subarray(start);
    if (this.carry.length > LineSplitter.MAX_LINE) {
      lines.push(this.carry.toString('utf8', 0, LineSplitter.MAX_LINE));
      this.carry = Buffer.alloc(0);
    }
    return lines;
  }

  /** The unterminated rest at end of input, if any (then the splitter is empty again). */
  end(): string[] {
    if (this.carry.length === 0) return [];
    const rest = this.carry.toString('utf8');
    this.carry = Buffer.alloc(0);
    return [rest];
  }

  /** Bytes held back waiting for a newline. */
  get pending(): number {
    return this.carry.length;
  }
}
