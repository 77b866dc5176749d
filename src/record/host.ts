import { hostname } from 'node:os';
import { nativeArch } from '../kernel/arch.js';
import type { Host } from '../model/observation.js';

/** The machine this recording runs on, for the observation's provenance (`merge` lists hosts). */
export function recordingHost(): Host {
  return { name: hostname(), arch: nativeArch() };
}
