import { randomBytes } from 'node:crypto';

/** A unique name for a verify replay container (`seccompose-verify-…`). */
export function replayName(): string {
  return `seccompose-verify-${randomBytes(4).toString('hex')}`;
}
