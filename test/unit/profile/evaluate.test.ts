import { describe, expect, it } from 'vitest';
import type { SeccompArch, SyscallRule } from '../../../src/model/profile.js';
import { evaluate } from '../../../src/profile/evaluate.js';
import { resolveProfile, type ResolvedPolicy } from '../../../src/profile/resolve.js';
import { amd64, resolveAnchor } from './resolve-fixtures.js';

type Row = [
  label: string,
  abi: SeccompArch,
  syscall: string | number,
  args: bigint[],
  action: string,
  errnoRet?: number,
];

const X86_64: SeccompArch = 'SCMP_ARCH_X86_64';
const X86: SeccompArch = 'SCMP_ARCH_X86';
const X32: SeccompArch = 'SCMP_ARCH_X32';
const EPERM = 1;
const ENOSYS = 38;

describe('evaluate: Docker default (newest), amd64 daemon, default caps', () => {
  const policy = resolveAnchor('docker-default.json');
  const rows: Row[] = [
    ['read', X86_64, 'read', [], 'SCMP_ACT_ALLOW'],
    ['read by number', X86_64, 0, [], 'SCMP_ACT_ALLOW'],
    ['socket AF_INET', X86_64, 'socket', [2n, 1n, 0n], 'SCMP_ACT_ALLOW'],
    ['socket AF_ALG (38)', X86_64, 'socket', [38n], 'SCMP_ACT_ERRNO', EPERM],
    ['socket 39', X86_64, 'socket', [39n], 'SCMP_ACT_ALLOW'],
    ['socket AF_VSOCK (40)', X86_64, 'socket', [40n], 'SCMP_ACT_ERRNO', EPERM],
    ['socket 41', X86_64, 'socket', [41n], 'SCMP_ACT_ALLOW'],
    ['personality PER_LINUX', X86_64, 'personality', [0n], 'SCMP_ACT_ALLOW'],
    ['personality query', X86_64, 'personality', [0xffffffffn], 'SCMP_ACT_ALLOW'],
    ['personality ADDR_NO_RANDOMIZE', X86_64, 'personality', [0x0040000n], 'SCMP_ACT_ERRNO', EPERM],
    ['clone for a thread', X86_64, 'clone', [0x3d0f00n], 'SCMP_ACT_ALLOW'],
    ['clone CLONE_NEWUSER', X86_64, 'clone', [0x10000000n], 'SCMP_ACT_ERRNO', EPERM],
    ['clone3', X86_64, 'clone3', [], 'SCMP_ACT_ERRNO', ENOSYS],
    ['mount', X86_64, 'mount', [], 'SCMP_ACT_ERRNO', EPERM],
    ['chroot (CAP_SYS_CHROOT)', X86_64, 'chroot', [], 'SCMP_ACT_ALLOW'],
    ['keyctl (never allowed)', X86_64, 'keyctl', [], 'SCMP_ACT_ERRNO', EPERM],
    ['_llseek does not exist on x86_64', X86_64, '_llseek', [], 'SCMP_ACT_ERRNO', EPERM],
    ['_llseek on i386', X86, '_llseek', [], 'SCMP_ACT_ALLOW'],
    ['socketcall on i386', X86, 'socketcall', [], 'SCMP_ACT_ALLOW'],
    ['unknown number', X86_64, 9999, [], 'SCMP_ACT_ERRNO', EPERM],
    ['x32 read (0x40000000)', X32, 0x40000000, [], 'SCMP_ACT_ALLOW'],
    ['x32 ptrace (521 | bit)', X32, 0x40000209, [], 'SCMP_ACT_ALLOW'],
    ['aarch64 is outside the filter', 'SCMP_ARCH_AARCH64', 'read', [], 'SCMP_ACT_KILL'],
    // 32-bit ABIs compare the low 32 bits only; x86_64 compares all 64.
    ['personality high bits ignored on i386', X86, 'personality', [0x1_0000_0008n], 'SCMP_ACT_ALLOW'],
    ['personality high bits count on x86_64', X86_64, 'personality', [0x1_0000_0008n], 'SCMP_ACT_ERRNO', EPERM],
  ];
  it.each(rows)('%s', (_label, abi, syscall, args, action, errnoRet) => {
    const result = evaluate(policy, abi, syscall, args);
    expect(result.action).toBe(action);
    expect(result.errnoRet).toBe(errnoRet);
  });

  it('says why', () => {
    expect(evaluate(policy, X86_64, 'read').reason).toBe('rule');
    expect(evaluate(policy, X86_64, 'mount').reason).toBe('default');
    expect(evaluate(policy, X86_64, '_llseek').reason).toBe('not-on-abi');
    expect(evaluate(policy, 'SCMP_ARCH_ARM', 'read').reason).toBe('bad-arch');
  });
});

describe('evaluate: capabilities and kernel change the answer', () => {
  it.each([
    [[] as string[], '4.7', 'SCMP_ACT_ERRNO'],
    [[] as string[], '4.8', 'SCMP_ACT_ALLOW'],
    [['CAP_SYS_PTRACE'], '4.7', 'SCMP_ACT_ALLOW'],
  ])('ptrace with caps %j on kernel %s → %s', (caps, kernel, action) => {
    expect(evaluate(resolveAnchor('docker-default.json', amd64({ caps, kernel })), X86_64, 'ptrace').action).toBe(
      action,
    );
  });

  it('allows any clone and clone3 with CAP_SYS_ADMIN', () => {
    const admin = resolveAnchor('docker-default.json', amd64({ caps: ['CAP_SYS_ADMIN'] }));
    expect(evaluate(admin, X86_64, 'clone', [0x10000000n]).action).toBe('SCMP_ACT_ALLOW');
    expect(evaluate(admin, X86_64, 'clone3').action).toBe('SCMP_ACT_ALLOW');
  });
});

describe('evaluate: Podman default (containers-common), overlapping socket rules', () => {
  const rows: [string, string[], bigint[], string, number | undefined][] = [
    ['AF_VSOCK, default caps', amd64().caps, [40n], 'SCMP_ACT_ERRNO', EPERM],
    ['NETLINK_AUDIT, default caps (CAP_AUDIT_WRITE)', amd64().caps, [16n, 3n, 9n], 'SCMP_ACT_ALLOW', undefined],
    ['NETLINK_AUDIT without caps', [], [16n, 3n, 9n], 'SCMP_ACT_ERRNO', 22],
    ['other netlink without caps', [], [16n, 3n, 0n], 'SCMP_ACT_ALLOW', undefined],
    [
      'AF_VSOCK without caps: ERRNO and ALLOW (arg0 != 16) both match, the stricter wins',
      [],
      [40n],
      'SCMP_ACT_ERRNO',
      EPERM,
    ],
  ];
  it.each(rows)('%s', (_label, caps, args, action, errnoRet) => {
    const policy = resolveAnchor('containers-common-seccomp.json', amd64({ caps }));
    const result = evaluate(policy, X86_64, 'socket', args);
    expect([result.action, result.errnoRet]).toEqual([action, errnoRet]);
  });

  it('returns the default ENOSYS for names it does not list', () => {
    expect(evaluate(resolveAnchor('containers-common-seccomp.json'), X86_64, 'io_uring_setup')).toMatchObject({
      action: 'SCMP_ACT_ERRNO',
      errnoRet: ENOSYS,
    });
  });
});

describe('evaluate: runc and libseccomp rule combination', () => {
  const policyOf = (syscalls: SyscallRule[], extra: { architectures?: SeccompArch[] } = {}): ResolvedPolicy =>
    resolveProfile({ defaultAction: 'SCMP_ACT_ERRNO', syscalls, ...extra }, amd64());
  const allow = (args?: SyscallRule['args']): SyscallRule => ({
    names: ['prctl'],
    action: 'SCMP_ACT_ALLOW',
    ...(args ? { args } : {}),
  });
  const eq = (index: number, value: number) => ({ index, value, op: 'SCMP_CMP_EQ' as const });

  it.each<[string, SyscallRule[], bigint[], string]>([
    ['an argument-free rule overrides earlier argument rules', [allow([eq(0, 1)]), allow()], [7n], 'SCMP_ACT_ALLOW'],
    [
      'the first argument-free rule wins',
      [{ names: ['prctl'], action: 'SCMP_ACT_KILL_PROCESS' }, allow()],
      [],
      'SCMP_ACT_KILL_PROCESS',
    ],
    [
      'a rule equal to the default action is skipped (runc)',
      [{ names: ['prctl'], action: 'SCMP_ACT_ERRNO' }, allow()],
      [],
      'SCMP_ACT_ALLOW',
    ],
    ['distinct indexes are ANDed: both hold', [allow([eq(0, 1), eq(1, 2)])], [1n, 2n], 'SCMP_ACT_ALLOW'],
    ['distinct indexes are ANDed: one fails', [allow([eq(0, 1), eq(1, 2)])], [1n, 3n], 'SCMP_ACT_ERRNO'],
    ['a repeated index makes runc OR the conditions', [allow([eq(0, 1), eq(0, 2)])], [2n], 'SCMP_ACT_ALLOW'],
    ['missing arguments read as 0', [allow([eq(3, 0)])], [], 'SCMP_ACT_ALLOW'],
    [
      'MASKED_EQ holds',
      [allow([{ index: 0, value: 0xf0, valueTwo: 0x10, op: 'SCMP_CMP_MASKED_EQ' }])],
      [0x1fn],
      'SCMP_ACT_ALLOW',
    ],
    [
      'MASKED_EQ fails',
      [allow([{ index: 0, value: 0xf0, valueTwo: 0x10, op: 'SCMP_CMP_MASKED_EQ' }])],
      [0x2fn],
      'SCMP_ACT_ERRNO',
    ],
    [
      'LE is unsigned',
      [allow([{ index: 0, value: 5, op: 'SCMP_CMP_LE' }])],
      [0xffff_ffff_ffff_ffffn],
      'SCMP_ACT_ERRNO',
    ],
    ['GE', [allow([{ index: 0, value: 5, op: 'SCMP_CMP_GE' }])], [5n], 'SCMP_ACT_ALLOW'],
    ['NE', [allow([{ index: 0, value: 5, op: 'SCMP_CMP_NE' }])], [5n], 'SCMP_ACT_ERRNO'],
    [
      'overlapping branches: the stricter action wins',
      [allow([eq(0, 1)]), { names: ['prctl'], action: 'SCMP_ACT_TRAP', args: [eq(1, 0)] }],
      [1n, 0n],
      'SCMP_ACT_TRAP',
    ],
  ])('%s', (_label, rules, args, action) => {
    expect(evaluate(policyOf(rules), X86_64, 'prctl', args).action).toBe(action);
  });

  it('kills x32 calls when only x86_64 is listed (bad-arch action)', () => {
    const policy = policyOf([allow()], { architectures: ['SCMP_ARCH_X86_64'] });
    expect(evaluate(policy, X32, 'prctl')).toMatchObject({ action: 'SCMP_ACT_KILL', reason: 'bad-arch' });
    expect(evaluate(policy, X86_64, 'prctl').action).toBe('SCMP_ACT_ALLOW');
  });

  it('always covers the native arch even when the list omits it (runc adds it)', () => {
    expect(evaluate(policyOf([allow()], { architectures: ['SCMP_ARCH_X86'] }), X86_64, 'prctl').action).toBe(
      'SCMP_ACT_ALLOW',
    );
  });
});
