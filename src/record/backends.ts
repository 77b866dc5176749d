import type { BackendName } from '../model/observation.js';
import { createAuditBackend } from '../trace/audit/backend.js';
import { createEbpfBackend } from '../trace/ebpf/backend.js';
import { createStraceContainerBackend } from '../trace/strace/container-backend.js';
import type { ContainerBackend } from '../trace/backend.js';

/**
 * The container tracer backends, by name. Each backend module adds its one line here
 * (`ebpf: () => new EbpfBackend()`); `record --backend auto` tries them in AUTO_ORDER.
 */
export const containerBackends: Partial<Record<BackendName, () => ContainerBackend>> = {
  audit: createAuditBackend,
  ebpf: createEbpfBackend,
  strace: createStraceContainerBackend,
};
