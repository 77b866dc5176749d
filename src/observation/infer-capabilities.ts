import type { Observation } from '../model/observation.js';
import { sortUnique } from '../model/stable-order.js';
import {
  AF_INET,
  AF_INET6,
  AF_NETLINK,
  AF_PACKET,
  NETLINK_AUDIT,
  PR_CAPBSET_DROP,
  SOCK_RAW,
  SOCK_TYPE_MASK,
  SYSCALL_CAPABILITY_RULES,
} from './capability-rules.js';

/** One capability the evidence points at, with why. Only `required` ones go into cap_add. */
export interface CapabilityFinding {
  capability: string;
  status: 'required' | 'possible';
  source: 'observed' | 'inferred';
  evidence: string[];
}

type Finding = CapabilityFinding;

function syscallTotals(observation: Observation): Map<string, { count: number; errors: number }> {
  const totals = new Map<string, { count: number; errors: number }>();
  for (const calls of Object.values(observation.syscalls))
    for (const [name, use] of Object.entries(calls ?? {})) {
      const t = totals.get(name) ?? { count: 0, errors: 0 };
      t.count += use.count;
      t.errors += use.errors;
      totals.set(name, t);
    }
  return totals;
}

/** Findings from the syscall-name table: a call that succeeded needs the cap; one that always failed did not get it. */
function fromSyscallNames(observation: Observation): Finding[] {
  const totals = syscallTotals(observation);
  const findings: Finding[] = [];
  for (const rule of SYSCALL_CAPABILITY_RULES) {
    for (const name of rule.syscalls) {
      const t = totals.get(name);
      if (!t) continue;
      const failedAlways = t.errors >= t.count;
      const status = rule.certainty === 'required' && !failedAlways ? 'required' : 'possible';
      const how = failedAlways
        ? `every call failed (${t.errors}/${t.count}), so the workload ran without it`
        : rule.why;
      findings.push({
        capability: rule.capability,
        status,
        source: 'inferred',
        evidence: [`${name}() ×${t.count}: ${how}`],
      });
    }
  }
  return findings;
}

const HOST_NETWORK = /^--(network|net)(=|$)/;
const PORT_SYSCTL = /^net\.ipv4\.ip_unprivileged_port_start=(\d+)$/;

/**
 * The lowest port bind() allows without CAP_NET_BIND_SERVICE. On the host 1024; in a container
 * with its own network namespace Docker ≥ 20.10 sets net.ipv4.ip_unprivileged_port_start=0
 * unless the user's --sysctl says otherwise.
 */
export function unprivilegedPortStart(observation: Observation): number {
  const workload = observation.workload;
  if (workload.kind !== 'container') return 1024;
  const args = workload.dockerArgs;
  let start = 0;
  args.forEach((arg, i) => {
    const value = arg.includes('=') && arg.startsWith('--') ? arg.slice(arg.indexOf('=') + 1) : args[i + 1];
    if (HOST_NETWORK.test(arg) && value === 'host') start = 1024;
    const sysctl = /^--sysctl(=|$)/.test(arg) ? PORT_SYSCTL.exec(value ?? '') : null;
    if (sysctl) start = Number(sysctl[1]);
  });
  return start;
}

/** The recorded values of one argument; those beyond 2^53 (bigints) name no family, option or flag here. */
function argValues(observation: Observation, syscall: string, index: number): number[] | undefined {
  return observation.args[syscall]?.[String(index)]?.values.filter((v): v is number => typeof v === 'number');
}

/** Findings from recorded argument values: socket families/types/protocols, prctl options, bind ports. */
function fromArguments(observation: Observation): Finding[] {
  const findings: Finding[] = [];
  const add = (capability: string, status: Finding['status'], evidence: string): void => {
    findings.push({ capability, status, source: 'inferred', evidence: [evidence] });
  };
  const start = unprivilegedPortStart(observation);
  const low = observation.bindPorts.filter((p) => p > 0 && p < 1024);
  if (low.some((p) => p < start))
    add('CAP_NET_BIND_SERVICE', 'required', `bind() to port ${low.join(', ')} (< ${start})`);
  else if (low.length > 0)
    add(
      'CAP_NET_BIND_SERVICE',
      'possible',
      `bind() to port ${low.join(', ')}: Docker ≥ 20.10 sets net.ipv4.ip_unprivileged_port_start=${start} in the container, so no capability is checked`,
    );
  const domains = argValues(observation, 'socket', 0) ?? [];
  const types = (argValues(observation, 'socket', 1) ?? []).map((t) => t & SOCK_TYPE_MASK);
  const protocols = argValues(observation, 'socket', 2) ?? [];
  if (domains.includes(AF_PACKET)) add('CAP_NET_RAW', 'required', 'socket(AF_PACKET)');
  if (types.includes(SOCK_RAW)) {
    const inet = domains.includes(AF_INET) || domains.includes(AF_INET6);
    if (inet && !domains.includes(AF_NETLINK)) add('CAP_NET_RAW', 'required', 'socket(AF_INET/AF_INET6, SOCK_RAW)');
    else if (inet)
      add(
        'CAP_NET_RAW',
        'possible',
        'SOCK_RAW seen with both inet and netlink families; values are recorded per argument, not per call',
      );
  }
  if (domains.includes(AF_NETLINK) && protocols.includes(NETLINK_AUDIT))
    add('CAP_AUDIT_WRITE', 'required', 'socket(AF_NETLINK, …, NETLINK_AUDIT): writes audit records');
  if ((argValues(observation, 'prctl', 0) ?? []).includes(PR_CAPBSET_DROP))
    add('CAP_SETPCAP', 'required', 'prctl(PR_CAPBSET_DROP)');
  return findings;
}

/** Findings the backend observed directly (kernel capability checks that were granted). */
function fromObserved(observation: Observation): Finding[] {
  return Object.entries(observation.capabilities)
    .filter(([, use]) => use.source === 'observed' && use.granted > 0)
    .map(([capability, use]) => ({
      capability,
      status: 'required' as const,
      source: 'observed' as const,
      evidence: [`${use.granted} of ${use.checked} kernel checks granted`, ...use.evidence],
    }));
}

/**
 * The capability findings of one observation: what the backend observed when it traces
 * capability checks (ebpf), otherwise inferred from syscalls and argument values by the table.
 */
export function capabilityFindingsOf(observation: Observation): CapabilityFinding[] {
  if (observesCapabilities(observation)) return fromObserved(observation);
  return [...fromSyscallNames(observation), ...fromArguments(observation)];
}

function observesCapabilities(observation: Observation): boolean {
  return (
    observation.backend.name === 'ebpf' ||
    Object.values(observation.capabilities).some((use) => use.source === 'observed')
  );
}

/**
 * The observation with the capabilities its syscalls and arguments show as required, marked
 * `inferred` (counts 0: no kernel check was seen), when its backend does not trace capability checks.
 */
export function withInferredCapabilities(observation: Observation): Observation {
  if (observesCapabilities(observation)) return observation;
  const capabilities = { ...observation.capabilities };
  for (const finding of combineFindings(capabilityFindingsOf(observation))) {
    if (finding.status !== 'required') continue;
    capabilities[finding.capability] = {
      source: 'inferred',
      checked: 0,
      granted: 0,
      denied: 0,
      evidence: finding.evidence.slice(0, 10),
    };
  }
  return { ...observation, capabilities };
}

/** Combine findings (of many observations): `required` wins over `possible`, evidence is unioned. */
export function combineFindings(findings: readonly CapabilityFinding[]): CapabilityFinding[] {
  const byCap = new Map<string, CapabilityFinding>();
  for (const f of findings) {
    const prev = byCap.get(f.capability);
    if (!prev) {
      byCap.set(f.capability, { ...f, evidence: [...f.evidence] });
      continue;
    }
    if (f.status === 'required') prev.status = 'required';
    if (f.source === 'observed') prev.source = 'observed';
    prev.evidence.push(...f.evidence);
  }
  return [...byCap.values()]
    .map((f) => ({ ...f, evidence: sortUnique(f.evidence) }))
    .sort((a, b) => (a.capability < b.capability ? -1 : a.capability > b.capability ? 1 : 0));
}

/** cap_add: the capabilities the evidence shows are required, sorted. */
export function requiredCapabilities(findings: readonly CapabilityFinding[]): string[] {
  return findings.filter((f) => f.status === 'required').map((f) => f.capability);
}
