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
 * `DefaultCapabilities()` (test/fixtures/reference/docker-default-capabilities.txt).
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

/** The words a capability list may hold besides names: Docker's `ALL`, and seccompose's `default` and `none`. */
export type CapabilityKeyword = 'all' | 'default' | 'none';

/** A capability list, read: the names it gives, the keywords, and the words that are neither. */
export interface CapabilityList {
  /** CAP_* names, sorted, each once. */
  names: string[];
  keywords: Set<CapabilityKeyword>;
  /** Words that are no capability and no keyword, as written. */
  unknown: string[];
  /** How many words there were (0: the list was empty). */
  words: number;
}

const KEYWORDS: readonly CapabilityKeyword[] = ['all', 'default', 'none'];

/**
 * Read capability lists as flags and files give them: each value may be comma-separated
 * (`--cap-add CHOWN,NET_RAW --cap-add kill`, `cap_add: [CHOWN]`, `--caps default,CAP_SYS_ADMIN`).
 * Names are normalized (`chown` → `CAP_CHOWN`); what each keyword means is the caller's.
 */
export function parseCapabilityList(values: readonly string[]): CapabilityList {
  const names = new Set<string>();
  const keywords = new Set<CapabilityKeyword>();
  const unknown: string[] = [];
  const words = values
    .flatMap((value) => value.split(','))
    .map((word) => word.trim())
    .filter((word) => word !== '');
  for (const word of words) {
    const keyword = KEYWORDS.find((k) => k === word.toLowerCase());
    const name = normalizeCapability(word);
    if (keyword) keywords.add(keyword);
    else if (name) names.add(name);
    else unknown.push(word);
  }
  return { names: [...names].sort(), keywords, unknown, words: words.length };
}
