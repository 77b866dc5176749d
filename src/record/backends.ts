import type { BackendName } from '../model/observation.js';
import { createAuditBackend } from '../trace/audit/backend.js';
import { createEbpfBackend } from '../trace/ebpf/backend.js';
import { createStraceContainerBackend } from '../trace/strace/container-backend.js';
import type { ContainerBackend } from '../trace/backend.js';

/**
 * The container tracer backends, by name: each entry is the factory its `trace/<name>/backend.ts`
 * exports, so a new backend is one line here. `record --backend auto` tries them in AUTO_ORDER
 * (backend-select.ts); the plain-command recorder uses strace directly and is not listed.
 */
export const containerBackends: Partial<Record<BackendName, () => ContainerBackend>> = {
  audit: createAuditBackend,
  ebpf: createEbpfBackend,
  strace: createStraceContainerBackend,
};
