import { EnvironmentError, UsageError, SETUP_COMMAND } from '../errors.js';
import type { BackendName } from '../model/backends.js';
import type { ContainerBackend, TraceContext } from '../trace/backend.js';
import type { BackendChoice } from './backend-choices.js';

/**
 * The order `auto` tries: in-kernel counting first (cheapest, sees capabilities), then the
 * audit log (exact post-filter set), then strace (slowest, but needs nothing else).
 */
export const AUTO_ORDER: readonly BackendName[] = ['ebpf', 'audit', 'strace'];

/** The chosen backend, its version, and why others were passed over (for the user). */
export interface SelectedBackend {
  backend: ContainerBackend;
  version: string;
  skipped: string[];
}

type Registry = Partial<Record<BackendName, () => ContainerBackend>>;

/** Pick and probe a backend: the one asked for, or the first that works in AUTO_ORDER. */
export async function selectBackend(
  choice: BackendChoice,
  registry: Registry,
  context: TraceContext,
): Promise<SelectedBackend> {
  const candidates = choice === 'auto' ? AUTO_ORDER : [choice];
  const skipped: string[] = [];
  let lastHint = `run \`${SETUP_COMMAND}\` as root`;
  for (const name of candidates) {
    const factory = registry[name];
    if (!factory) {
      if (choice !== 'auto') throw notAvailable(name, registry);
      skipped.push(`${name}: not available in this build`);
      continue;
    }
    const backend = factory();
    const probe = await backend.probe(context);
    if (probe.ok) return { backend, version: probe.version, skipped };
    if (choice !== 'auto')
      throw new EnvironmentError(`the ${name} backend cannot run here: ${probe.reason}`, { hint: probe.hint });
    skipped.push(`${name}: ${probe.reason}`);
    lastHint = probe.hint;
  }
  throw new EnvironmentError(`no tracer backend can record containers here:\n  ${skipped.join('\n  ')}`, {
    hint: lastHint,
  });
}

function notAvailable(name: BackendName, registry: Registry): UsageError {
  const available = AUTO_ORDER.filter((n) => registry[n]);
  return new UsageError(`the ${name} backend cannot record containers in this build`, {
    hint: available.length
      ? `use --backend ${available.join('|')} or auto`
      : 'no container backend is available in this build',
  });
}
