import type { SeccompProfile } from '../../../src/model/profile.js';
import type { ResolveContext } from '../../../src/profile/context.js';
import { parseProfile } from '../../../src/profile/read.js';
import { resolveProfile, type ResolvedPolicy } from '../../../src/profile/resolve.js';
import { readReference, referenceDefaultCaps } from '../../helpers/reference.js';

/** A reference profile (test/fixtures/reference/<name>), parsed by the project's reader. */
export function anchorProfile(name: string): SeccompProfile {
  return parseProfile(readReference(name), name);
}

/** Docker's 14 default capabilities, sorted (test/fixtures/reference/docker-default-capabilities.txt). */
export const DEFAULT_CAPS = referenceDefaultCaps();

/** An amd64 daemon with Docker's default caps on a 6.1 kernel, with overrides. */
export function amd64(overrides: Partial<ResolveContext> = {}): ResolveContext {
  return { arch: 'SCMP_ARCH_X86_64', caps: DEFAULT_CAPS, kernel: '6.1', ...overrides };
}

/** Resolve an anchor profile for a context. */
export function resolveAnchor(name: string, context: ResolveContext = amd64()): ResolvedPolicy {
  return resolveProfile(anchorProfile(name), context);
}
