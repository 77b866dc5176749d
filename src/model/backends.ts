/** The tracer backends an observation can come from (apart from the schema, so the CLI's definitions stay light). */
export const BACKENDS = ['strace', 'audit', 'ebpf'] as const;
export type BackendName = (typeof BACKENDS)[number];
