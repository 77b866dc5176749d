import { capabilityName } from '../../kernel/capabilities.js';
import { syscallName } from '../../kernel/syscalls.js';
import type { CapabilityUse } from '../../model/observation.js';
import type { SeccompArch } from '../../model/profile.js';
import { SyscallTally } from '../../observation/tally.js';
import type { BackendEvidence } from '../backend.js';
import type { BpftraceOutput, CapabilityCount, SyscallCount } from './parse.js';

/** The syscall number the kernel reports for "no syscall" (`syscall_get_nr` of a skipped call). */
const NO_SYSCALL = -1;

const X32_BIT = 0x40000000;

/** The ABI of a counted call: compat tasks are i386, the x32 bit marks x32, else x86_64. */
export function abiOf(count: Pick<SyscallCount, 'compat' | 'id'>): SeccompArch {
  if (count.compat) return 'SCMP_ARCH_X86';
  return count.id >= X32_BIT ? 'SCMP_ARCH_X32' : 'SCMP_ARCH_X86_64';
}

/**
 * The container's evidence: the counts of the mount namespace keyed `ns` only. A syscall that failed
 * more often than it was entered was blocked by the filter in force that many times (seccomp
 * runs before sys_enter; see program.ts); the rest of its failures are ordinary errors. When a
 * syscall is blocked only for some arguments this is a lower bound on the blocked attempts.
 */
export function buildEvidence(output: BpftraceOutput, ns: string): BackendEvidence {
  const tally = new SyscallTally();
  const key = (c: SyscallCount) => `${abiOf(c)}:${c.id}`;
  const failed = new Map<string, number>();
  for (const c of output.fail) if (c.ns === ns) failed.set(key(c), (failed.get(key(c)) ?? 0) + c.count);
  const entered = new Map<string, SyscallCount>();
  for (const c of output.enter) {
    if (c.ns !== ns) continue;
    const seen = entered.get(key(c));
    entered.set(key(c), seen ? { ...seen, count: seen.count + c.count } : c);
  }
  for (const c of [...entered.values()].sort(byAbiAndId)) {
    // raw_syscalls:sys_enter reports id -1 when no syscall runs (a tracer skipped it, syscall(-1)).
    if (c.id === NO_SYSCALL) {
      tally.noSyscallEvents += c.count;
      continue;
    }
    const name = syscallName(abiOf(c), c.id);
    if (name === undefined) tally.addUnknown(abiOf(c), c.id);
    else tally.add(abiOf(c), name, c.count, Math.min(c.count, failed.get(key(c)) ?? 0));
  }
  for (const c of output.fail.filter((f) => f.ns === ns).sort(byAbiAndId)) {
    const blocked = c.count - (entered.get(key(c))?.count ?? 0);
    const name = syscallName(abiOf(c), c.id);
    if (blocked <= 0 || c.id === NO_SYSCALL) continue;
    if (name === undefined) tally.addUnknown(abiOf(c), c.id);
    else tally.addBlocked(abiOf(c), name, blocked);
  }
  tally.lostEvents = output.lostEvents + output.helperErrors;
  const caps = output.caps.filter((c) => c.ns === ns);
  const unknownCaps = [...new Set(caps.filter((c) => capabilityName(c.cap) === undefined).map((c) => c.cap))].sort(
    (a, b) => a - b,
  );
  return {
    ...tally.toEvidence(),
    capabilities: buildCapabilities(caps),
    notes: unknownCaps.length
      ? [`capability numbers this build does not know were checked: ${unknownCaps.join(', ')}`]
      : [],
    incompleteReasons: [],
  };
}

function byAbiAndId(a: SyscallCount, b: SyscallCount): number {
  return abiOf(a).localeCompare(abiOf(b)) || a.id - b.id;
}

/**
 * Observed capabilities: every capability the kernel checked for the container's processes,
 * with granted and denied counts. A check that was denied while the workload carried on (the
 * kernel's noaudit CAP_SYS_ADMIN check on every exec for memory overcommit, for one) is not a
 * requirement; consumers take `granted > 0` as use.
 */
export function buildCapabilities(counts: readonly CapabilityCount[]): Record<string, CapabilityUse> {
  const byName = new Map<string, { granted: number; denied: number }>();
  for (const c of counts) {
    const name = capabilityName(c.cap);
    if (name === undefined) continue;
    const use = byName.get(name) ?? { granted: 0, denied: 0 };
    if (c.granted) use.granted += c.count;
    else use.denied += c.count;
    byName.set(name, use);
  }
  const result: Record<string, CapabilityUse> = {};
  for (const name of [...byName.keys()].sort()) {
    const { granted, denied } = byName.get(name)!;
    const evidence = [];
    if (granted > 0) evidence.push(`cap_capable granted ${granted} ${granted === 1 ? 'time' : 'times'}`);
    if (denied > 0) evidence.push(`cap_capable denied ${denied} ${denied === 1 ? 'time' : 'times'}`);
    result[name] = { source: 'observed', checked: granted + denied, granted, denied, evidence };
  }
  return result;
}
