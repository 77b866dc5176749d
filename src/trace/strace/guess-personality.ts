import type { SeccompArch } from '../../model/profile.js';
import type { SyscallTally } from '../../observation/tally.js';
import type { NameInfo } from './name-info.js';

/** Calls after an exec that are moved to i386 when the process turns out to be 32-bit. */
const WINDOW = 24;

/**
 * For x86_64 traces without strace's personality lines (`strace -o FILE` is quiet about them
 * unless `-e quiet=attach` or `quiet=none`): a process that makes an i386-only call (mmap2,
 * _llseek, ...) runs 32-bit code. Its calls from that point on are counted as SCMP_ARCH_X86, and
 * so are the calls since its last exec (moved from x86_64), which come before the first such
 * call (brk, access, openat...). Disabled as soon as a real personality line is seen.
 */
export class PersonalityGuess {
  active: boolean;
  /** Some process was recognized as 32-bit (its calls moved to SCMP_ARCH_X86). */
  fired = false;
  private readonly windows = new Map<number, string[]>();

  constructor(
    private readonly tally: SyscallTally,
    private readonly native: SeccompArch,
    private readonly archOf: Map<number, SeccompArch>,
    private readonly notes: Set<string>,
  ) {
    this.active = native === 'SCMP_ARCH_X86_64';
  }

  /** strace reported personalities itself: trust it. */
  disable(): void {
    this.active = false;
    this.windows.clear();
  }

  /** A process executed a new program: its ABI is unknown again until it shows. */
  exec(pid: number): void {
    this.archOf.delete(pid);
    this.windows.set(pid, []);
  }

  /** A call was counted for `pid` on `arch`. */
  observe(pid: number, info: NameInfo, arch: SeccompArch): void {
    if (this.windows.size === 0 && !info.i386Only) return;
    const window = this.windows.get(pid);
    if (window !== undefined) {
      window.push(info.name);
      if (window.length >= WINDOW) this.windows.delete(pid);
    }
    if (!info.i386Only || arch !== this.native) return;
    this.archOf.set(pid, 'SCMP_ARCH_X86');
    this.fired = true;
    this.windows.delete(pid);
    for (const name of window ?? [info.name]) {
      this.tally.retract(this.native, name);
      this.tally.add('SCMP_ARCH_X86', name);
    }
    this.notes.add(
      'the trace has no "[ Process PID=N runs in 32 bit mode. ]" lines: 32-bit processes were recognized by their i386-only calls (mmap2, _llseek, ...); trace with `-e quiet=attach` for exact attribution',
    );
  }
}
