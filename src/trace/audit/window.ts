import { SeccompActivity, type SplitActivity } from './activity.js';
import { parseAuditLine, type SeccompRecord } from './parse.js';
import { ProcessTree } from './process-tree.js';

/** A line that names a SECCOMP record (by type name or number), readable or not. */
const SECCOMP_LIKE = /type=(?:SECCOMP|1326)\b/;

/** Which processes a window's records are kept for. */
export type AttributionTarget =
  /** A container: its init pid when known (0 when it exited before inspect), and its id. */
  | { kind: 'container'; id: string; initPid: number }
  /** Explicit processes (and their descendants), e.g. `record --from-audit --pid N`. */
  | { kind: 'pids'; pids: number[] }
  /** Processes that ran under this command name under seccomp (and their descendants). */
  | { kind: 'comm'; comm: string }
  /** Every SECCOMP record in the window. */
  | { kind: 'all' };

/** Attribution result: evidence split into workload/runtime, and what was left out. */
export interface Attribution extends SplitActivity {
  rootPids: number[];
  processes: number;
  excluded: { records: number; processes: number };
}

/**
 * A window of audit records: lines go in as they are read (any order of record types, garbage
 * tolerated); at the end the SECCOMP records are attributed to the target's process tree.
 */
export class AuditWindow {
  readonly activity = new SeccompActivity();
  readonly tree = new ProcessTree();
  private readonly commPids = new Map<string, Set<number>>();
  private readonly markers = new Set<string>();
  private readonly seccompObservers: ((record: SeccompRecord) => void)[] = [];
  lines = 0;
  garbage = 0;
  readonly garbageSamples: { line: number; text: string }[] = [];
  /** Lines that mention a SECCOMP record (`type=SECCOMP`, `type=1326`) but could not be read as one. */
  seccompLike = 0;
  readonly seccompLikeSamples: { line: number; text: string }[] = [];
  /** The first SECCOMP/SYSCALL record whose arch= could not be read (ingest refuses the log over it). */
  badArch: { line: number; type: string; arch: string } | undefined;

  /** Feed one complete line. */
  addLine(line: string): void {
    this.lines += 1;
    // `----` separates events in `ausearch` output.
    if (line.length === 0 || line === '----') return;
    const record = parseAuditLine(line);
    switch (record.kind) {
      case 'seccomp':
        this.activity.add(record);
        for (const observe of this.seccompObservers) observe(record);
        this.rememberComm(record.comm, record.pid);
        return;
      case 'syscall':
        this.tree.addSyscall(record);
        return;
      case 'execve':
        this.tree.addExecve(record);
        return;
      case 'user':
        if (record.text.startsWith('seccompose-')) this.markers.add(record.text);
        return;
      case 'other':
        return;
      case 'bad-arch':
        this.badArch ??= { line: this.lines, type: record.type, arch: record.arch };
        this.addGarbage(line);
        return;
      case 'garbage':
        this.addGarbage(line);
        return;
    }
  }

  private addGarbage(line: string): void {
    this.garbage += 1;
    if (this.garbageSamples.length < 5) this.garbageSamples.push({ line: this.lines, text: line.slice(0, 200) });
    if (SECCOMP_LIKE.test(line)) {
      this.seccompLike += 1;
      if (this.seccompLikeSamples.length < 3)
        this.seccompLikeSamples.push({ line: this.lines, text: line.slice(0, 120) });
    }
  }

  /** Also hand every SECCOMP record to `observer` as it is read (verify's per-process denial report). */
  observeSeccomp(observer: (record: SeccompRecord) => void): void {
    this.seccompObservers.push(observer);
  }

  /** Whether an `auditctl -m TEXT` marker has been read. */
  sawMarker(text: string): boolean {
    return this.markers.has(text);
  }

  /** Attribute the window's SECCOMP records to `target`. */
  attribute(target: AttributionTarget): Attribution {
    const rootPids = this.roots(target);
    const pids = target.kind === 'all' ? new Set(this.activity.pids()) : this.tree.descendants(rootPids);
    const runtimeRoots = new Set(target.kind === 'container' ? rootPids : []);
    const split = this.activity.split({ pids, runtimeRoots });
    for (const sample of this.garbageSamples) split.workload.addUnparsed(sample.line, sample.text);
    split.workload.unparsedLines += this.garbage - this.garbageSamples.length;
    const withRecords = this.activity.pids().filter((pid) => pids.has(pid)).length;
    return { ...split, rootPids, processes: withRecords, excluded: this.activity.outside(pids) };
  }

  private roots(target: AttributionTarget): number[] {
    switch (target.kind) {
      case 'pids':
        return [...target.pids];
      case 'comm':
        return [...(this.commPids.get(target.comm) ?? [])].sort((a, b) => a - b);
      case 'all':
        return this.activity.pids();
      case 'container': {
        if (target.initPid > 0) return [target.initPid];
        // The init exited before `docker inspect`: it is the shim's child that ran under seccomp.
        const withRecords = new Set(this.activity.pids());
        return this.tree.childrenOf(this.tree.shimPids(target.id)).filter((pid) => withRecords.has(pid));
      }
    }
  }

  private rememberComm(comm: string, pid: number): void {
    let pids = this.commPids.get(comm);
    if (!pids) this.commPids.set(comm, (pids = new Set()));
    pids.add(pid);
  }
}
