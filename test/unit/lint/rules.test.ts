import { describe, expect, it } from 'vitest';
import { HIGH_RISK_SYSCALLS } from '../../../src/diff/high-risk.js';
import { lintProfileText, type LintOptions } from '../../../src/lint/run.js';
import { satisfiable } from '../../../src/lint/rules/contradictory-args.js';
import { editDistance, suggest } from '../../../src/lint/did-you-mean.js';

const X86 = ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'];
function lint(rules: object[], top: object = {}, options: LintOptions = {}) {
  const profile = { defaultAction: 'SCMP_ACT_ERRNO', architectures: X86, syscalls: rules, ...top };
  return lintProfileText(JSON.stringify(profile, null, 2), 'inline', options);
}
const only = (findings: ReturnType<typeof lint>, rule: string) => findings.filter((f) => f.rule === rule);

describe('lint rules: messages and edge cases', () => {
  it('unknown-syscall suggests the closest names', () => {
    const [f] = only(lint([{ names: ['getpdi'], action: 'SCMP_ACT_ALLOW' }]), 'unknown-syscall');
    expect(f!.hint).toContain('Did you mean getpid');
    expect(suggest('opne', ['open', 'openat', 'close'])).toEqual(['open']);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('getpdi', 'getpid')).toBe(1);
  });

  it('unknown-syscall warns (not errors) for a name that exists only on unlisted ABIs', () => {
    const [f] = only(
      lint([{ names: ['socketcall'], action: 'SCMP_ACT_ALLOW' }], { architectures: ['SCMP_ARCH_X86_64'] }),
      'unknown-syscall',
    );
    expect(f).toMatchObject({ severity: 'warning' });
    expect(f!.message).toContain('only on SCMP_ARCH_X86');
  });

  it('high-risk-syscall quotes why from HIGH_RISK_SYSCALLS', () => {
    const findings = only(lint([{ names: ['bpf', 'read'], action: 'SCMP_ACT_ALLOW' }]), 'high-risk-syscall');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe(`bpf is allowed without argument filters: ${HIGH_RISK_SYSCALLS.get('bpf')}`);
  });

  it('high-risk-syscall ignores rules with argument filters and ERRNO rules', () => {
    const findings = lint([
      { names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }] },
      { names: ['ptrace'], action: 'SCMP_ACT_ERRNO' },
    ]);
    expect(only(findings, 'high-risk-syscall')).toEqual([]);
  });

  it('architectures: explains what happens to i386 and x32 binaries', () => {
    const [noX32] = only(lint([], { architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86'] }), 'architectures');
    expect(noX32!.message).toMatch(
      /SCMP_ARCH_X86_64 without SCMP_ARCH_X32: x32 binaries .* bad-arch action .*SCMP_ACT_KILL/,
    );
    const [none] = only(lint([], { architectures: undefined }), 'architectures');
    expect(none!.message).toMatch(/32-bit x86 \(i386\) binaries and x32 binaries .* killed/);
    const [aarch] = only(lint([], { architectures: undefined }, { arch: 'SCMP_ARCH_AARCH64' }), 'architectures');
    expect(aarch!.message).toContain('32-bit ARM binaries');
  });

  it('architectures: duplicates, and an archMap entry without its sub-architectures', () => {
    const dup = only(lint([], { architectures: [...X86, 'SCMP_ARCH_X86'] }), 'architectures');
    expect(dup.map((f) => f.message)).toEqual(['SCMP_ARCH_X86 is listed twice']);
    const map = only(
      lint([], { architectures: undefined, archMap: [{ architecture: 'SCMP_ARCH_AARCH64', subArchitectures: [] }] }),
      'architectures',
    );
    expect(map[0]!.message).toContain('SCMP_ARCH_AARCH64 without SCMP_ARCH_ARM');
  });

  it('multiplexer-bypass covers ipc and stays quiet when the multiplexer does not exist on the listed ABIs', () => {
    const rules = [
      { names: ['ipc', 'shmat'], action: 'SCMP_ACT_ALLOW' },
      { names: ['shmget'], action: 'SCMP_ACT_ALLOW', args: [{ index: 2, value: 0, op: 'SCMP_CMP_EQ' }] },
    ];
    expect(only(lint(rules), 'multiplexer-bypass')[0]!.message).toMatch(
      /^ipc is allowed on SCMP_ARCH_X86 while shmget is filtered/,
    );
    expect(only(lint(rules, { architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X32'] }), 'multiplexer-bypass')).toEqual(
      [],
    );
  });

  it('masked-eq: omitted valueTwo is an info, a zero mask a warning, valueTwo with EQ a warning', () => {
    const arg = (a: object) => lint([{ names: ['mmap'], action: 'SCMP_ACT_ALLOW', args: [{ index: 2, ...a }] }]);
    expect(only(arg({ value: 4, op: 'SCMP_CMP_MASKED_EQ' }), 'masked-eq')[0]).toMatchObject({ severity: 'info' });
    expect(only(arg({ value: 0, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }), 'masked-eq')[0]).toMatchObject({
      severity: 'warning',
    });
    expect(only(arg({ value: 4, valueTwo: 4, op: 'SCMP_CMP_EQ' }), 'masked-eq')[0]!.message).toContain(
      'ignored with SCMP_CMP_EQ',
    );
    expect(only(arg({ value: 4, valueTwo: 0, op: 'SCMP_CMP_EQ' }), 'masked-eq')).toEqual([]);
  });

  it('masked-eq reads 64-bit values exactly from the text', () => {
    const text = `{"defaultAction":"SCMP_ACT_ERRNO","architectures":${JSON.stringify(X86)},"syscalls":[{"names":["mmap"],"action":"SCMP_ACT_ALLOW","args":[{"index":2,"value":18446744073709551614,"valueTwo":18446744073709551615,"op":"SCMP_CMP_MASKED_EQ"}]}]}`;
    const [f] = only(lintProfileText(text, 'big'), 'masked-eq');
    expect(f!.message).toContain('bits 0x1 lie outside the mask');
  });

  it('contradictory-args: impossible sets are errors, satisfiable same-index pairs warn about runc OR', () => {
    const a = (op: string, value: number, valueTwo?: number) => ({
      pointer: '',
      index: 0,
      op: `SCMP_CMP_${op}`,
      value: BigInt(value),
      valueTwo: valueTwo === undefined ? undefined : BigInt(valueTwo),
    });
    expect(satisfiable([a('EQ', 1), a('EQ', 2)])).toBe(false);
    expect(satisfiable([a('EQ', 1), a('NE', 1)])).toBe(false);
    expect(satisfiable([a('GT', 5), a('LT', 6)])).toBe(false);
    expect(satisfiable([a('GE', 5), a('LE', 5)])).toBe(true);
    expect(satisfiable([a('MASKED_EQ', 3, 1), a('MASKED_EQ', 1, 0)])).toBe(false);
    expect(satisfiable([a('EQ', 4), a('MASKED_EQ', 4, 4)])).toBe(true);
    const range = lint([
      {
        names: ['kill'],
        action: 'SCMP_ACT_ALLOW',
        args: [
          { index: 1, value: 1, op: 'SCMP_CMP_GE' },
          { index: 1, value: 9, op: 'SCMP_CMP_LE' },
        ],
      },
    ]);
    expect(only(range, 'contradictory-args')[0]).toMatchObject({ severity: 'warning' });
  });

  it('unknown-capability tells a misspelt name from a wrongly written one', () => {
    const findings = only(
      lint([{ names: ['chroot'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['sys_chroot', 'CAP_SYS_CHROTO'] } }]),
      'unknown-capability',
    );
    expect(findings.map((f) => f.hint)).toEqual([
      'replace it with "CAP_SYS_CHROOT"',
      expect.stringContaining('Did you mean CAP_SYS_CHROOT?'),
    ]);
  });

  it('conflicting-actions compares errno too; duplicate-syscall flags identical repeats', () => {
    const errnos = lint([
      { names: ['kill'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
      { names: ['kill'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
    ]);
    expect(only(errnos, 'conflicting-actions')[0]!.message).toBe(
      '"kill" is SCMP_ACT_ERRNO(EPERM) in /syscalls/0 but SCMP_ACT_ERRNO(ENOSYS) here',
    );
    const same = lint([
      { names: ['kill'], action: 'SCMP_ACT_ALLOW' },
      { names: ['kill'], action: 'SCMP_ACT_ALLOW' },
    ]);
    expect(only(same, 'duplicate-syscall')).toHaveLength(1);
    expect(only(same, 'conflicting-actions')).toEqual([]);
  });

  it('numeric legacy actions are understood (0x7fff0000 = ALLOW, 0x00050026 = ERRNO(38))', () => {
    const findings = lint([
      { names: ['bpf'], action: 0x7fff0000 },
      { names: ['read'], action: 0x00050026, errnoRet: 38 },
    ]);
    expect(only(findings, 'high-risk-syscall')).toHaveLength(1);
    expect(only(findings, 'errno-action')).toEqual([]);
    expect(only(findings, 'schema')).toEqual([]);
  });

  it('denylist-default lists the high-risk calls left open; LOG is called a complain-mode profile', () => {
    const [allow] = only(
      lint([{ names: ['ptrace'], action: 'SCMP_ACT_ERRNO' }], { defaultAction: 'SCMP_ACT_ALLOW' }),
      'denylist-default',
    );
    expect(allow!.message).toContain('high-risk syscalls not blocked: _sysctl, acct');
    expect(allow!.message).not.toMatch(/\bptrace\b/);
    const [log] = only(lint([], { defaultAction: 'SCMP_ACT_LOG' }), 'denylist-default');
    expect(log!.message).toContain('complain-mode');
  });

  it('clone with a partial namespace mask names the flags left open', () => {
    const rules = [
      {
        names: ['clone'],
        action: 'SCMP_ACT_ALLOW',
        args: [{ index: 0, value: 0x10000000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
      },
    ];
    const [f] = only(lint(rules), 'clone-namespace');
    expect(f!.message).toContain('CLONE_NEWNET');
    expect(f!.message).not.toContain('CLONE_NEWUSER');
  });
});
