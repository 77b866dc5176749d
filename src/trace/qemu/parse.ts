import { syscallName } from '../../kernel/syscalls.js';
import type { SeccompArch } from '../../model/profile.js';
import type { SyscallTally } from '../../observation/tally.js';

/** One call as qemu-user's `-strace` prints it: `PID name(args)`, then ` = ret` on the same line or later. */
const CALL_START = /^(\d+) ([a-z_][a-z0-9_]*)\(/;
const UNKNOWN = /^(\d+) Unknown syscall (\d+)\s*$/;
const RETURN = /^ = (-1 errno=\d+|-?\d+|0x[0-9a-f]+|\S+)/;

/** Where a call's argument list closes (quotes, escapes and nested brackets skipped); -1 if not on this line. */
function closingParen(line: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * Reads qemu-user's `-strace` output (`qemu-aarch64-static -strace PROG`): the guest's syscalls
 * as `PID name(args) = ret`, arguments joined by bare commas, errors as `= -1 errno=N (text)`,
 * `PID Unknown syscall N` for numbers qemu's own list lacks (named from `abi`'s table, which is
 * the guest's: the number is the one the guest passed). A call whose return comes later (a
 * blocking wait4 while another process prints) leaves ` = ret` on a line of its own, or has the
 * next call glued to its closing parenthesis; such a return goes to the latest open call.
 */
export class QemuStraceParser {
  /** Lines that were qemu -strace output. */
  recognized = 0;
  leaderPid: number | undefined;
  leaderExit: number | undefined;
  private lineNo = 0;
  private rest = '';
  private readonly open: string[] = [];

  constructor(
    private readonly tally: SyscallTally,
    private readonly abi: SeccompArch,
  ) {}

  push(chunk: Buffer): void {
    const text = this.rest + chunk.toString('latin1');
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  end(): void {
    if (this.rest !== '') this.line(this.rest);
    this.rest = '';
    for (const name of this.open) this.tally.add(this.abi, name);
    this.open.length = 0;
  }

  private line(raw: string): void {
    this.lineNo += 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.calls(line) || this.returns(line) || /^--- SIG[A-Z0-9]+ .* ---$/.test(line)) {
      this.recognized += 1;
      return;
    }
    if (line.trim() !== '') this.tally.addUnparsed(this.lineNo, line);
  }

  /** Every call starting on this line (the first, and any glued after a closing parenthesis). */
  private calls(line: string): boolean {
    let at = 0;
    let found = false;
    while (at < line.length) {
      const text = line.slice(at);
      const unknown = UNKNOWN.exec(text);
      if (unknown) {
        this.unknownCall(Number(unknown[1]), Number(unknown[2]));
        return true;
      }
      const start = CALL_START.exec(text);
      if (!start) return found;
      found = true;
      const pid = Number(start[1]);
      const name = start[2]!;
      this.leaderPid ??= pid;
      const close = closingParen(text, start[0].length - 1);
      if (close < 0) {
        this.open.push(name);
        return true;
      }
      if (name === 'exit_group' && pid === this.leaderPid) {
        const code = /^\d+$/.exec(text.slice(start[0].length, close));
        if (code) this.leaderExit = Number(code[0]);
      }
      const after = text.slice(close + 1);
      const ret = RETURN.exec(after);
      if (ret) {
        this.tally.add(this.abi, name, 1, ret[1]!.startsWith('-1 errno=') ? 1 : 0);
        return true;
      }
      if (name === 'exit_group' || name === 'exit') this.tally.add(this.abi, name);
      else this.open.push(name);
      at += close + 1;
    }
    return found;
  }

  /** ` = ret` alone on a line: the return of the latest call still open. */
  private returns(line: string): boolean {
    const ret = RETURN.exec(line);
    if (!ret) return false;
    const name = this.open.pop();
    if (name !== undefined) this.tally.add(this.abi, name, 1, ret[1]!.startsWith('-1 errno=') ? 1 : 0);
    return true;
  }

  private unknownCall(pid: number, nr: number): void {
    this.leaderPid ??= pid;
    const name = syscallName(this.abi, nr);
    if (name === undefined) this.tally.addUnknown(this.abi, nr);
    else this.tally.add(this.abi, name);
  }
}
