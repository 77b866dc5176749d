import type { SeccompArch } from '../../model/profile.js';
import { matchesAt } from './bytes.js';
import type { NameInfo } from './name-info.js';

/** A pid's last unfinished call; `open` until its `<... resumed>` line (the record is reused). */
export interface Pending {
  info: NameInfo;
  arch: SeccompArch;
  open: boolean;
}

/** The unfinished call of each traced process (`name(... <unfinished ...>`). */
export class PendingCalls {
  private readonly byPid = new Map<number, Pending>();

  /** With a set: every pid whose record is set or deleted is added to it (for a segment's merge). */
  constructor(private readonly touched?: Set<number>) {}

  get(pid: number): Pending | undefined {
    return this.byPid.get(pid);
  }

  /** Remember an unfinished call; a pid's record is reused, not reallocated, per call. */
  set(pid: number, info: NameInfo, arch: SeccompArch): void {
    this.touched?.add(pid);
    const record = this.byPid.get(pid);
    if (record === undefined) this.byPid.set(pid, { info, arch, open: true });
    else {
      record.info = info;
      record.arch = arch;
      record.open = true;
    }
  }

  /** The process ended. */
  delete(pid: number): void {
    this.touched?.add(pid);
    this.byPid.delete(pid);
  }

  /** Each pid's record: its last unfinished call and whether it is still open. */
  entries(): IterableIterator<[number, Pending]> {
    return this.byPid.entries();
  }

  /**
   * On stderr strace omits the pid prefix while only one process is traced, so an unprefixed
   * `<... x resumed>` belongs to whichever process has an unfinished x.
   */
  pidOf(printed: string): number {
    if (isOpen(this.byPid.get(0), printed)) return 0;
    for (const [pid, pending] of this.byPid) if (isOpen(pending, printed)) return pid;
    return 0;
  }
}

/** Is `pending` the open call whose name is at `s[at..at+length)`? (compared in place, no string made) */
export function isPendingName(pending: Pending | undefined, s: Buffer, at: number, length: number): pending is Pending {
  return pending?.open === true && pending.info.printed.length === length && matchesAt(s, at, pending.info.printed);
}

/** Is `pending` an open call of `printed`? */
export function isOpen(pending: Pending | undefined, printed: string): boolean {
  return pending?.open === true && pending.info.printed === printed;
}
