import { messageOf } from '../errors.js';
import type { CapabilityUse } from '../model/observation.js';
import type { StartedContainer, TraceContext } from '../trace/backend.js';
import { createEbpfBackend, type EbpfBackend } from '../trace/ebpf/backend.js';

/** Capability checks seen during a run, or why they could not be seen. */
export type CapabilityEvidence =
  | { observed: true; failed: string[]; granted: string[] }
  | { observed: false; why: string };

/**
 * Watches capability checks (the ebpf backend's cap_capable evidence) alongside another run:
 * bpftrace attaches before the container starts and keeps only the container's mount
 * namespace. When bpftrace cannot run, capability failures are simply not observed.
 */
export class CapabilityWatch {
  private constructor(
    private readonly backend: EbpfBackend | undefined,
    private readonly why: string,
  ) {}

  /** Probe and attach bpftrace; never throws for a machine without it (only for Ctrl-C). */
  static async start(context: TraceContext): Promise<CapabilityWatch> {
    const backend = createEbpfBackend();
    const probe = await backend.probe(context);
    if (!probe.ok) return new CapabilityWatch(undefined, probe.reason);
    try {
      await backend.prepare(context, null);
      return new CapabilityWatch(backend, '');
    } catch (error) {
      if (context.signal.aborted) throw error;
      await backend.dispose(context);
      return new CapabilityWatch(undefined, messageOf(error));
    }
  }

  /** The container runs: remember its mount namespace. */
  async started(context: TraceContext, container: StartedContainer): Promise<void> {
    // A workload that already exited has no namespace to read; collect() then says so.
    await this.backend
      ?.started(context, container)
      .catch((error: unknown) => context.logger.debug({ error: messageOf(error) }, 'mount namespace not read'));
  }

  /** Stop bpftrace and read the container's capability checks. */
  async collect(context: TraceContext, container: StartedContainer | undefined): Promise<CapabilityEvidence> {
    if (!this.backend) return { observed: false, why: this.why };
    if (!container) return { observed: false, why: 'the container did not start' };
    const evidence = await this.backend.collect(context, container);
    if (evidence.incompleteReasons.some((r) => /mount namespace/.test(r))) {
      return { observed: false, why: evidence.incompleteReasons.join('; ') };
    }
    return failedCapabilities(evidence.capabilities);
  }

  /** Kill bpftrace if it still runs. */
  async dispose(context: TraceContext): Promise<void> {
    await this.backend?.dispose(context);
  }
}

/** Capabilities refused and never granted (a refusal followed by success elsewhere is not a failure). */
export function failedCapabilities(caps: Record<string, CapabilityUse>): CapabilityEvidence {
  const failed: string[] = [];
  const granted: string[] = [];
  for (const [name, use] of Object.entries(caps)) {
    if (use.granted > 0) granted.push(name);
    else if ((use.denied ?? 0) > 0) failed.push(name);
  }
  return { observed: true, failed: failed.sort(), granted: granted.sort() };
}
