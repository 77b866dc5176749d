import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCanaryElf } from '../../../src/verify/canary-elf.js';

const dir = mkdtempSync(join(tmpdir(), 'seccompose-canary-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCanary(nr: number): { status: number | null; signal: NodeJS.Signals | null } {
  const path = join(dir, `canary-${nr}`);
  writeFileSync(path, buildCanaryElf(nr));
  chmodSync(path, 0o755);
  const r = spawnSync(path);
  return { status: r.status, signal: r.signal };
}

describe.runIf(process.arch === 'x64')('canary ELF (runs natively on x86_64)', () => {
  it.each([
    ['getppid', 110, 0], // always succeeds
    ['sysinfo(NULL)', 99, 14], // EFAULT: the call ran
    ['keyctl(0, ...)', 250, 22], // EINVAL: the call ran
    ['an unknown number', 4000, 38], // ENOSYS from the kernel
  ])('%s exits with the outcome of the call', (_name, nr, expected) => {
    expect(runCanary(nr)).toEqual({ status: expected, signal: null });
  });

  it('is a well-formed ELF64 executable', () => {
    const elf = buildCanaryElf(110);
    expect(elf.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    expect(elf.readUInt16LE(18)).toBe(0x3e);
    expect(elf.length).toBeLessThan(200);
  });

  it('rejects numbers that are not syscall numbers', () => {
    expect(() => buildCanaryElf(-1)).toThrow(RangeError);
    expect(() => buildCanaryElf(1.5)).toThrow(RangeError);
  });
});
