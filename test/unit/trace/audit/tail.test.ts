import { appendFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLogTail } from '../../../../src/trace/audit/tail.js';

/** Rotation exactly as auditd does it (max_log_file_action = ROTATE): rename .N-1 → .N, log → .1, new log. */
async function rotate(log: string, generations: number): Promise<void> {
  for (let n = generations - 1; n >= 1; n--) await rename(`${log}.${n}`, `${log}.${n + 1}`).catch(() => undefined);
  await rename(log, `${log}.1`);
  await writeFile(log, '');
}

describe('AuditLogTail', () => {
  let dir: string;
  let log: string;
  const read = async (tail: AuditLogTail) => {
    const chunks: Buffer[] = [];
    await tail.read((chunk) => chunks.push(chunk));
    return Buffer.concat(chunks).toString();
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccompose-tail-'));
    log = join(dir, 'audit.log');
    await writeFile(log, 'before-1\nbefore-2\n');
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads only what is written after the start position, incrementally', async () => {
    const tail = await AuditLogTail.fromEnd(log);
    expect(await read(tail)).toBe('');
    await appendFile(log, 'a\nb');
    expect(await read(tail)).toBe('a\nb');
    await appendFile(log, '\nc\n');
    expect(await read(tail)).toBe('\nc\n');
    expect(tail.losses).toEqual([]);
  });

  it('survives a rotation: the rest of the rotated file, then the new one', async () => {
    const tail = await AuditLogTail.fromEnd(log);
    await appendFile(log, 'a\n');
    await rotate(log, 4);
    await appendFile(log, 'b\n');
    expect(await read(tail)).toBe('a\nb\n');
    await appendFile(log, 'c\n');
    expect(await read(tail)).toBe('c\n');
    expect(tail.losses).toEqual([]);
  });

  it('survives several rotations between two reads, in order', async () => {
    const tail = await AuditLogTail.fromEnd(log);
    await appendFile(log, '1\n');
    await rotate(log, 4);
    await appendFile(log, '2\n');
    await rotate(log, 4);
    await appendFile(log, '3\n');
    await rotate(log, 4);
    await appendFile(log, '4\n');
    expect(await read(tail)).toBe('1\n2\n3\n4\n');
    expect(tail.losses).toEqual([]);
  });

  it('reports data rotated away beyond the kept generations', async () => {
    const tail = await AuditLogTail.fromEnd(log);
    await appendFile(log, 'lost\n');
    for (let i = 0; i < 3; i++) {
      await rotate(log, 2);
      await appendFile(log, `g${i}\n`);
    }
    await rm(`${log}.2`);
    const text = await read(tail);
    expect(text).toBe('g1\ng2\n');
    expect(tail.losses).toEqual([expect.stringContaining('rotated away')]);
  });

  it('reports a truncation and reads from the start', async () => {
    const tail = await AuditLogTail.fromEnd(log);
    await writeFile(log, 'x\n');
    expect(await read(tail)).toBe('x\n');
    expect(tail.losses).toEqual([expect.stringContaining('truncated')]);
  });
});
