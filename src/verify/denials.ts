import { auditArchToAbi } from '../kernel/arch.js';
import { syscallName } from '../kernel/syscalls.js';
import { formatVerdict } from '../profile/decision.js';
import { evaluate } from '../profile/evaluate.js';
import type { ResolvedPolicy } from '../profile/resolve.js';
import { SECCOMP_RET_LOG, type SeccompRecord } from '../trace/audit/parse.js';
import type { Denied } from './report.js';

interface Tally {
  pid: number;
  comm: string;
  arch: string;
  nr: number;
  count: number;
}

/**
 * Collects the complain run's SECCOMP records per process and command name: under the complain
 * profile every LOG record is a call the profile under test would deny.
 */
export class DenialCollector {
  private readonly tallies = new Map<string, Tally>();
  /** Records with an action other than LOG (the kernel logs KILL itself), left out. */
  other = 0;

  /** Count one record (an AuditWindow observer). */
  add(record: SeccompRecord): void {
    if (record.code !== SECCOMP_RET_LOG) {
      this.other += 1;
      return;
    }
    const key = `${record.pid}\0${record.comm}\0${record.arch}\0${record.syscall}`;
    const tally = this.tallies.get(key);
    if (tally) tally.count += 1;
    else this.tallies.set(key, { pid: record.pid, comm: record.comm, arch: record.arch, nr: record.syscall, count: 1 });
  }

  /**
   * The would-be denials of processes `pids`, by syscall: count, the command names that made
   * them, and what the profile does with the call. Sorted by arch, then name.
   */
  denied(pids: ReadonlySet<number>, policy: ResolvedPolicy): { denied: Denied[]; unknown: string[] } {
    const bySyscall = new Map<string, Denied>();
    const unknown = new Set<string>();
    for (const tally of this.tallies.values()) {
      if (!pids.has(tally.pid)) continue;
      const abi = auditArchToAbi(tally.arch, tally.nr);
      const name = abi === undefined ? undefined : syscallName(abi, tally.nr);
      if (abi === undefined || name === undefined) {
        unknown.add(`arch ${tally.arch} syscall ${tally.nr}`);
        continue;
      }
      const key = `${abi}\0${name}`;
      let entry = bySyscall.get(key);
      if (!entry) {
        entry = {
          syscall: name,
          arch: abi,
          count: 0,
          processes: [],
          action: formatVerdict(evaluate(policy, abi, name)),
        };
        bySyscall.set(key, entry);
      }
      entry.count += tally.count;
      if (!entry.processes.includes(tally.comm)) entry.processes.push(tally.comm);
    }
    const denied = [...bySyscall.values()].map((d) => ({ ...d, processes: [...d.processes].sort() }));
    denied.sort((a, b) => a.arch.localeCompare(b.arch) || a.syscall.localeCompare(b.syscall));
    return { denied, unknown: [...unknown].sort() };
  }
}
