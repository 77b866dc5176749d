import { SETUP_COMMAND } from '../../errors.js';
import { access } from 'node:fs/promises';
import { probeTool, TOOL_PROBES } from '../../exec/probe.js';
import type { Runner } from '../../exec/run.js';
import { nativeArch } from '../../kernel/arch.js';
import type { ProbeResult } from '../backend.js';
import { EBPF_TRACEPOINTS, type NamespaceKey } from './program.js';

const TRACEFS_EVENTS = '/sys/kernel/tracing/events';

/** What probeEbpf needs from the machine; tests pass their own. */
export interface EbpfProbeHost {
  runner: Runner;
  arch: () => string;
  uid: () => number;
  tracefsMounted: () => Promise<boolean>;
  signal?: AbortSignal;
}

/** The real machine. */
export function realProbeHost(runner: Runner, signal?: AbortSignal): EbpfProbeHost {
  return {
    runner,
    arch: () => nativeArch(),
    uid: () => process.getuid?.() ?? -1,
    tracefsMounted: () =>
      access(`${TRACEFS_EVENTS}/raw_syscalls`).then(
        () => true,
        () => false,
      ),
    signal,
  };
}

/**
 * Whether the ebpf backend can run: x86_64 host, root, bpftrace installed (its version),
 * tracefs mounted, and every tracepoint the program uses present in this kernel.
 */
export async function probeEbpf(host: EbpfProbeHost): Promise<ProbeResult> {
  if (host.arch() !== 'SCMP_ARCH_X86_64') {
    return {
      ok: false,
      reason: `the ebpf backend supports x86_64 hosts only (this is ${host.arch()})`,
      hint: 'use --backend audit or strace',
    };
  }
  if (host.uid() !== 0) {
    return {
      ok: false,
      reason: 'bpftrace needs root',
      hint: 'run seccompose record as root (sudo), or use --backend audit',
    };
  }
  const tool = await probeTool(host.runner, { ...TOOL_PROBES.bpftrace, signal: host.signal });
  if (!tool.ok) return tool;
  if (!(await host.tracefsMounted())) {
    return {
      ok: false,
      reason: `tracefs is not mounted (${TRACEFS_EVENTS} has no raw_syscalls)`,
      hint: `mount it as root: mount -t tracefs nodev /sys/kernel/tracing (or run \`${SETUP_COMMAND}\`)`,
    };
  }
  const missing = await missingTracepoints(host);
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `this kernel lacks ${missing.join(', ')}`,
      hint: 'cap_capable needs Linux 6.14 or later, group_dead of sched_process_exit a recent kernel too; use --backend audit (capabilities are then inferred)',
    };
  }
  return { ok: true, version: tool.version };
}

/** Tracepoints this kernel lacks, or that lack a field the program reads (`tracepoint (no field f)`). */
async function missingTracepoints(host: EbpfProbeHost): Promise<string[]> {
  const missing: string[] = [];
  for (const [tracepoint, fields] of Object.entries(EBPF_TRACEPOINTS)) {
    const result = await host.runner.run('bpftrace', ['-lv', tracepoint], { timeoutMs: 30_000, signal: host.signal });
    const lines = result.stdout.split('\n').map((line) => line.trim());
    if (!lines.includes(tracepoint)) {
      missing.push(tracepoint);
      continue;
    }
    const names = new Set(
      lines.map((line) =>
        line
          .split(/\s+/)
          .pop()!
          .replace(/\[\d+\]$/, ''),
      ),
    );
    const absent = fields.filter((field) => !names.has(field));
    if (absent.length > 0) missing.push(`${tracepoint} (no field ${absent.join(', ')})`);
  }
  return missing;
}

/** `id` when this kernel's BTF has the never-reused `ns_common.ns_id` (Linux 6.18+), else `inode`. */
export async function detectNamespaceKey(runner: Runner, signal?: AbortSignal): Promise<NamespaceKey> {
  const result = await runner.run('bpftrace', ['-lv', 'struct ns_common'], { timeoutMs: 30_000, signal });
  return /\bns_id;/.test(result.stdout) ? 'id' : 'inode';
}
