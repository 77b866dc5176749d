import { CAPABILITY_TABLE } from './generated/capabilities.js';

/** A Linux capability: its number in the kernel's bit set and its CAP_* name. */
export interface Capability {
  number: number;
  name: string;
}

/** Every Linux capability 0..40 (CAP_CHOWN..CAP_CHECKPOINT_RESTORE), in number order. */
export const CAPABILITIES: readonly Capability[] = CAPABILITY_TABLE.map(([number, name]) => ({ number, name }));

const byNumber = new Map(CAPABILITIES.map((cap) => [cap.number, cap.name] as const));
const byName = new Map(CAPABILITIES.map((cap) => [cap.name, cap.number] as const));

/**
 * Docker's default bounding set (14, sorted). Source: moby/moby daemon/pkg/oci/caps/defaults.go
 * `DefaultCapabilities()` (see ../shared/anchors/README.md §7).
 */
export const DOCKER_DEFAULT_CAPS: readonly string[] = [
  'CAP_AUDIT_WRITE',
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_MKNOD',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_RAW',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYS_CHROOT',
];

/** The CAP_* name of capability number `n`, or undefined. */
export function capabilityName(n: number): string | undefined {
  return byNumber.get(n);
}

/** The number of capability `name` (exact CAP_* spelling), or undefined. */
export function capabilityNumber(name: string): number | undefined {
  return byName.get(name);
}

/** 'chown' | 'CAP_CHOWN' | 'cap_chown' → 'CAP_CHOWN'; undefined when no such capability exists. */
export function normalizeCapability(text: string): string | undefined {
  const upper = text.trim().toUpperCase();
  const name = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  return byName.has(name) ? name : undefined;
}
