import { describe, expect, it } from 'vitest';
import { readReference } from '../../helpers/reference.js';
import { CSV_ABIS, SHARED_TABLES, renderSyscalls } from '../../../scripts/gen-tables.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/cli.js';
import type { SeccompArch } from '../../../src/model/profile.js';
import { ARCHES } from '../../../src/model/profile.js';
import {
  SYSCALL_TABLE_VERSION,
  TABLE_ABIS,
  allSyscallNames,
  isKnownSyscall,
  syscallName,
  syscallNamesOf,
  syscallNumber,
} from '../../../src/kernel/syscalls.js';

const csv = readReference('libseccomp-syscalls.csv');
const lines = csv.trim().split('\n');
const header = (lines[0] ?? '').split(',');
const rows = lines.slice(1).map((line) => line.split(','));

describe('syscall tables', () => {
  it('covers every ABI of the CSV and the 23 OCI arch names', () => {
    expect(header.filter((h) => !h.endsWith('_kver')).slice(1)).toEqual(CSV_ABIS.map(([column]) => column));
    expect([...TABLE_ABIS].sort()).toEqual([...ARCHES].sort());
    expect(SYSCALL_TABLE_VERSION).toBe('v7.1.0-rc4 2026-05-19');
  });

  it('matches every cell of libseccomp-syscalls.csv (with the x32 bit and MIPS bases)', () => {
    let checked = 0;
    for (const [column, arch, offset] of CSV_ABIS) {
      const index = header.indexOf(column);
      for (const cells of rows) {
        const name = cells[0] as string;
        const cell = cells[index];
        const expected = cell === 'PNR' ? undefined : Number(cell) + offset;
        expect(syscallNumber(arch as SeccompArch, name), `${column} ${name}`).toBe(expected);
        if (expected !== undefined) expect(syscallName(arch as SeccompArch, expected)).toBe(name);
        checked += 1;
      }
    }
    expect(checked).toBe(508 * 18);
  });

  it('lists, sorted, every name of the CSV that at least one ABI has', () => {
    const abiColumns = CSV_ABIS.map(([column]) => header.indexOf(column));
    const present = rows.filter((cells) => abiColumns.some((index) => cells[index] !== 'PNR')).map((c) => c[0]!);
    expect(allSyscallNames()).toEqual([...present].sort());
    expect(new Set(TABLE_ABIS.flatMap((abi) => syscallNamesOf(abi)))).toEqual(new Set(allSyscallNames()));
  });

  it('shares tables the way libseccomp does (mipsel*, ppc64le, sheb)', () => {
    for (const [arch, of] of SHARED_TABLES) {
      expect(syscallNamesOf(arch as SeccompArch)).toEqual(syscallNamesOf(of as SeccompArch));
    }
    expect(syscallNumber('SCMP_ARCH_PPC64LE', 'read')).toBe(3);
    expect(syscallNumber('SCMP_ARCH_MIPSEL', 'read')).toBe(4003);
  });

  it('puts the x32 bit on x32 numbers only', () => {
    expect(syscallNumber('SCMP_ARCH_X32', 'accept')).toBe(0x4000002b);
    expect(syscallNumber('SCMP_ARCH_X32', 'writev')).toBe(0x40000000 + 516);
    expect(syscallNumber('SCMP_ARCH_X86_64', 'accept')).toBe(43);
    expect(syscallName('SCMP_ARCH_X32', 43)).toBeUndefined();
  });

  it('counts names per ABI as the anchors README states', () => {
    expect(syscallNamesOf('SCMP_ARCH_X86_64')).toHaveLength(385);
    expect(allSyscallNames()).toHaveLength(508);
    expect(isKnownSyscall('pread64')).toBe(true);
    expect(isKnownSyscall('socketcall')).toBe(true);
    expect(isKnownSyscall('no_such_call')).toBe(false);
    expect(syscallNumber('SCMP_ARCH_X86_64', 'socketcall')).toBeUndefined();
  });

  it('is what the generator writes from the anchor today', () => {
    const committed = readFileSync(join(repoRoot, 'src/kernel/generated/syscalls.ts'), 'utf8');
    expect(committed).toBe(renderSyscalls(csv, 'libseccomp-syscalls.csv'));
  });
});
