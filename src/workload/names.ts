import { randomBytes } from 'node:crypto';

const suffix = (): string => randomBytes(4).toString('hex');

/** A unique container name for a recording (`seccompose-rec-…`). */
export function recordingName(): string {
  return `seccompose-rec-${suffix()}`;
}

/** A unique name for a verify replay container (`seccompose-verify-…`). */
export function replayName(): string {
  return `seccompose-verify-${suffix()}`;
}

/** A unique compose project name for a recording or a replay (`seccompose-rec-…`, `seccompose-verify-…`). */
export function projectName(purpose: 'rec' | 'verify'): string {
  return `seccompose-${purpose}-${suffix()}`;
}
