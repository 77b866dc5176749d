import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CROSS_ABI_ROWS } from '../../../src/generate/cross-abi-table.js';
import { checkCrossAbiTable, namesByAbi, renderCrossAbiMarkdown } from '../../../scripts/check-cross-abi.js';
import { referencePath } from '../../helpers/reference.js';
import { repoRoot } from '../../helpers/cli.js';

const tables = namesByAbi(readFileSync(referencePath('libseccomp-syscalls.csv'), 'utf8'));

describe('the cross-ABI table against libseccomp', () => {
  it('names only real syscalls and answers every call x86/arm/riscv64 ABIs lack on one another', () => {
    expect(checkCrossAbiTable(tables)).toEqual([]);
  });

  it('reports a row that names a syscall no ABI has, and a legacy call left without a row', () => {
    const withoutOpen = CROSS_ABI_ROWS.filter((row) => !row.from.includes('open'));
    const bogus = [...withoutOpen, { from: ['frobnicate'], to: [{ names: ['openat'] }], note: 'made up' }];
    const problems = checkCrossAbiTable(tables, bogus);
    expect(problems).toContain('row "made up": frobnicate is a syscall on no ABI of libseccomp\'s table');
    expect(problems).toContain(
      'SCMP_ARCH_X86_64 → SCMP_ARCH_AARCH64: no row for creat, open (absent on SCMP_ARCH_AARCH64)',
    );
  });

  it('reports a row that has a choice for a target but none that exists there', () => {
    const narrowed = CROSS_ABI_ROWS.map((row) =>
      row.from.includes('chown32') ? { ...row, to: [{ names: ['chown32'] }, { names: ['chown'] }] } : row,
    );
    expect(checkCrossAbiTable(tables, narrowed)).toContain(
      'row "32-bit uid chown32 is chown, or fchownat where chown does not exist": no choice exists on SCMP_ARCH_AARCH64 (chown32 would be lossy there)',
    );
  });

  it('is what the README documents (regenerate with npm run check:cross-abi -- --markdown)', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain(renderCrossAbiMarkdown(tables));
  });
});
