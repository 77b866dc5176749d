import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KmsgTail } from '../../src/trace/audit/kmsg.js';

describe('KmsgTail on the real kernel log', () => {
  it('skips what was there and reads what is logged afterwards', async (ctx) => {
    let tail: KmsgTail;
    try {
      tail = KmsgTail.open();
    } catch (error) {
      const message = `integration test needs a readable /dev/kmsg (root): ${String(error)}`;
      if (process.env.CI === 'true') throw new Error(message);
      process.stderr.write(`\n!!! SKIPPED: ${message}\n`);
      return ctx.skip(message);
    }
    try {
      const token = `seccompose-kmsg-test-${randomBytes(4).toString('hex')}`;
      appendFileSync('/dev/kmsg', `${token}\n`);
      const lines: string[] = [];
      await tail.read((chunk) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
      expect(lines).toContain(token);
      const again: string[] = [];
      await tail.read((chunk) => again.push(chunk.toString()));
      expect(again.join('')).not.toContain(token);
    } finally {
      tail.close();
    }
  });
});
