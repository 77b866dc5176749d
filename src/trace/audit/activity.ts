import { auditArchToAbi } from '../../kernel/arch.js';
import { syscallName } from '../../kernel/syscalls.js';
import { SyscallTally } from '../../observation/tally.js';
import { SECCOMP_RET_LOG, type SeccompRecord } from './parse.js';

/** Process names of container runtimes' init before they exec the entrypoint. */
export const RUNTIME_COMM = /^(?:runc:\[\d:[A-Z]+\]|crun)$/;

/** What one process did, in order: calls made while it still ran as the runtime, then the rest. */
interface ProcessActivity {
  firstComm: string;
  /** Set once the comm changed (the runtime exec'd the entrypoint). */
  execed: boolean;
  order: number;
  runtime: Map<string, number>;
  workload: Map<string, number>;
}

/** Which processes' calls to keep, and whose first phase is the runtime's. */
export interface ActivitySelection {
  pids: ReadonlySet<number>;
  /** Container init pids: their calls before the first comm change are the runtime's. */
  runtimeRoots: ReadonlySet<number>;
}

/** The split result: the workload's evidence and the runtime's own post-filter calls. */
export interface SplitActivity {
  workload: SyscallTally;
  runtime: SyscallTally;
  records: number;
}

/**
 * Per-process SECCOMP records, kept raw (audit arch + number + action) until the container's
 * processes are known; then split into runtime and workload and resolved to names.
 */
export class SeccompActivity {
  private readonly byPid = new Map<number, ProcessActivity>();
  private order = 0;
  records = 0;

  /** Count one SECCOMP record. */
  add(record: SeccompRecord): void {
    this.records += 1;
    let activity = this.byPid.get(record.pid);
    if (!activity) {
      activity = {
        firstComm: record.comm,
        execed: false,
        order: this.order++,
        runtime: new Map(),
        workload: new Map(),
      };
      this.byPid.set(record.pid, activity);
    }
    if (!activity.execed && record.comm !== activity.firstComm) activity.execed = true;
    const key = `${record.arch}:${record.syscall}:${record.code === SECCOMP_RET_LOG ? 'log' : 'blocked'}`;
    const phase = activity.execed ? activity.workload : activity.runtime;
    phase.set(key, (phase.get(key) ?? 0) + 1);
  }

  /** Pids with at least one record. */
  pids(): number[] {
    return [...this.byPid.keys()].sort((a, b) => a - b);
  }

  /** Pids whose first record came from a runtime's init (`runc:[2:INIT]`, `crun`). */
  runtimeInitPids(): number[] {
    return this.pids().filter((pid) => RUNTIME_COMM.test(this.byPid.get(pid)!.firstComm));
  }

  /** Records of processes outside `pids`, and how many such processes. */
  outside(pids: ReadonlySet<number>): { records: number; processes: number } {
    let records = 0;
    let processes = 0;
    for (const [pid, activity] of this.byPid) {
      if (pids.has(pid)) continue;
      processes += 1;
      for (const phase of [activity.runtime, activity.workload]) for (const n of phase.values()) records += n;
    }
    return { records, processes };
  }

  /** Resolve the selected processes' calls into a workload tally and a runtime tally. */
  split(selection: ActivitySelection): SplitActivity {
    const workload = new SyscallTally();
    const runtime = new SyscallTally();
    let records = 0;
    const chosen = [...this.byPid].filter(([pid]) => selection.pids.has(pid)).sort((a, b) => a[1].order - b[1].order);
    for (const [pid, activity] of chosen) {
      const isRuntime = selection.runtimeRoots.has(pid) || RUNTIME_COMM.test(activity.firstComm);
      records += countInto(isRuntime ? runtime : workload, activity.runtime, workload);
      records += countInto(workload, activity.workload, workload);
    }
    return { workload, runtime, records };
  }
}

/** Add raw `arch:nr:action` counts to `tally`; unknown arches/numbers go to `diagnostics`. */
function countInto(tally: SyscallTally, counts: Map<string, number>, diagnostics: SyscallTally): number {
  let total = 0;
  for (const [key, n] of counts) {
    total += n;
    const [arch, nrText, action] = key.split(':') as [string, string, string];
    const nr = Number(nrText);
    const abi = auditArchToAbi(arch, nr);
    const name = abi === undefined ? undefined : syscallName(abi, nr);
    if (abi === undefined) {
      diagnostics.addUnparsed(0, `SECCOMP record with unknown audit arch ${arch} (syscall ${nr}, ${n}x)`);
    } else if (name === undefined) {
      diagnostics.addUnknown(abi, nr);
    } else if (action === 'log') {
      tally.add(abi, name, n);
    } else {
      tally.addBlocked(abi, name, n);
    }
  }
  return total;
}
