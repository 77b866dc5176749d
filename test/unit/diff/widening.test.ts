import { describe, expect, it } from 'vitest';
import type { SeccompArg, SyscallRule } from '../../../src/model/profile.js';
import { resolveProfile } from '../../../src/profile/resolve.js';
import { widensArguments } from '../../../src/diff/widening.js';
import { amd64 } from '../profile/resolve-fixtures.js';

const policy = (rules: SyscallRule[]) => resolveProfile({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: rules }, amd64());
const allow = (...args: SeccompArg[]): SyscallRule => ({ names: ['socket'], action: 'SCMP_ACT_ALLOW', args });
const arg = (op: SeccompArg['op'], value: number, index = 0, valueTwo?: number): SeccompArg => ({
  index,
  value,
  op,
  ...(valueTwo === undefined ? {} : { valueTwo }),
});

describe('widensArguments', () => {
  it.each<[string, SyscallRule[], SyscallRule[], boolean]>([
    ['same filter', [allow(arg('SCMP_CMP_LT', 38))], [allow(arg('SCMP_CMP_LT', 38))], false],
    ['LT 38 → LT 39', [allow(arg('SCMP_CMP_LT', 38))], [allow(arg('SCMP_CMP_LT', 39))], true],
    ['LT 39 → LT 38', [allow(arg('SCMP_CMP_LT', 39))], [allow(arg('SCMP_CMP_LT', 38))], false],
    ['LT 38 → LE 38', [allow(arg('SCMP_CMP_LT', 38))], [allow(arg('SCMP_CMP_LE', 38))], true],
    [
      'NE 40 → split ranges (v0.1.0 → v0.2.3)',
      [allow(arg('SCMP_CMP_NE', 40))],
      [allow(arg('SCMP_CMP_LT', 38)), allow(arg('SCMP_CMP_EQ', 39)), allow(arg('SCMP_CMP_GT', 40))],
      false,
    ],
    [
      'split ranges → NE 40',
      [allow(arg('SCMP_CMP_LT', 38)), allow(arg('SCMP_CMP_EQ', 39)), allow(arg('SCMP_CMP_GT', 40))],
      [allow(arg('SCMP_CMP_NE', 40))],
      true,
    ],
    [
      'a filter on another argument',
      [allow(arg('SCMP_CMP_EQ', 2), arg('SCMP_CMP_EQ', 1, 1))],
      [allow(arg('SCMP_CMP_EQ', 2))],
      true,
    ],
    [
      'an extra AND condition narrows',
      [allow(arg('SCMP_CMP_EQ', 2))],
      [allow(arg('SCMP_CMP_EQ', 2), arg('SCMP_CMP_EQ', 1, 1))],
      false,
    ],
    [
      'a wider mask',
      [allow(arg('SCMP_CMP_MASKED_EQ', 0x7e020000, 0, 0))],
      [allow(arg('SCMP_CMP_MASKED_EQ', 0x10000000, 0, 0))],
      true,
    ],
    [
      'a deny branch added in front',
      [allow(arg('SCMP_CMP_NE', 40))],
      [
        { names: ['socket'], action: 'SCMP_ACT_ERRNO', errnoRet: 22, args: [arg('SCMP_CMP_EQ', 16)] },
        allow(arg('SCMP_CMP_NE', 40)),
      ],
      false,
    ],
  ])('%s → %s', (_label, before, after, expected) => {
    expect(widensArguments(policy(before), policy(after), 'socket')).toBe(expected);
  });
});
