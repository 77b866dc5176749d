import type { SeccompProfile } from '../../../src/model/profile.js';
import type { ResolveContext } from '../../../src/profile/context.js';
import { parseProfile } from '../../../src/profile/read.js';
import { resolveProfile, type ResolvedPolicy } from '../../../src/profile/resolve.js';
import { readReference } from '../../helpers/reference.js';

/** A reference profile (test/fixtures/reference/<name>), parsed by the project's reader. */
export function anchorProfile(name: string): SeccompProfile {
  return parseProfile(readReference(name), name);
}

/** Docker's 14 default capabilities (test/fixtures/reference/docker-default-capabilities.txt). */
export const DEFAULT_CAPS = [
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

/** An amd64 daemon with Docker's default caps on a 6.1 kernel, with overrides. */
export function amd64(overrides: Partial<ResolveContext> = {}): ResolveContext {
  return { arch: 'SCMP_ARCH_X86_64', caps: DEFAULT_CAPS, kernel: '6.1', ...overrides };
}

/** Resolve an anchor profile for a context. */
export function resolveAnchor(name: string, context: ResolveContext = amd64()): ResolvedPolicy {
  return resolveProfile(anchorProfile(name), context);
}
