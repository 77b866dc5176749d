import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { syscallNumber } from '../../../src/kernel/syscalls.js';
import type { SeccompProfile } from '../../../src/model/profile.js';
import { allowedNames, describeSyscall } from '../../../src/profile/decision.js';
import { evaluate } from '../../../src/profile/evaluate.js';
import { resolveProfile, type ResolvedPolicy } from '../../../src/profile/resolve.js';
import { readReference } from '../../helpers/reference.js';
import { amd64, anchorProfile, resolveAnchor } from './resolve-fixtures.js';

const NEWEST = 'docker-default.json';

function namesWith(policy: ResolvedPolicy, reach: 'allowed' | 'filtered'): string[] {
  return [...allowedNames(policy)].filter((name) => describeSyscall(policy, name).reach === reach).sort();
}

describe('resolveProfile: Docker default on an amd64 daemon (anchors README §6)', () => {
  it('allows 366 names unconditionally on kernel >= 4.8, 363 below', () => {
    expect(namesWith(resolveAnchor(NEWEST, amd64({ caps: [] })), 'allowed')).toHaveLength(366);
    expect(namesWith(resolveAnchor(NEWEST, amd64({ caps: [], kernel: '4.7' })), 'allowed')).toHaveLength(363);
    expect(namesWith(resolveAnchor(NEWEST, amd64({ caps: [], kernel: '4.8' })), 'allowed')).toHaveLength(366);
  });

  it('filters socket, personality and clone by argument, and adds only chroot with the default caps', () => {
    const noCaps = resolveAnchor(NEWEST, amd64({ caps: [] }));
    const policy = resolveAnchor(NEWEST);
    expect(namesWith(policy, 'filtered')).toEqual(['clone', 'personality', 'socket']);
    const extra = namesWith(policy, 'allowed').filter((name) => !namesWith(noCaps, 'allowed').includes(name));
    expect(extra).toEqual(['chroot']);
    expect(describeSyscall(policy, 'socket').text).toBe('ALLOW if arg0 < 38 || arg0 == 39 || arg0 > 40');
    expect(describeSyscall(policy, 'clone').text).toBe('ALLOW if arg0 & 0x7e020000 == 0');
  });

  it('answers clone3 with ENOSYS without CAP_SYS_ADMIN and allows it with it', () => {
    expect(describeSyscall(resolveAnchor(NEWEST), 'clone3')).toEqual({ reach: 'denied', text: 'ERRNO(ENOSYS)' });
    const admin = resolveAnchor(NEWEST, amd64({ caps: ['CAP_SYS_ADMIN'] }));
    expect(describeSyscall(admin, 'clone3')).toEqual({ reach: 'allowed', text: 'ALLOW' });
    expect(describeSyscall(admin, 'clone')).toEqual({ reach: 'allowed', text: 'ALLOW' });
  });

  it('reaches 415 names with every capability', () => {
    const all = resolveAnchor(NEWEST, amd64({ caps: CSV_ALL_CAPS }));
    expect(allowedNames(all).size).toBe(415);
  });

  it('takes the archMap entry of the daemon arch with its sub-architectures', () => {
    expect(resolveAnchor(NEWEST).architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    expect(resolveAnchor(NEWEST, amd64({ arch: 'SCMP_ARCH_AARCH64' })).architectures).toEqual([
      'SCMP_ARCH_AARCH64',
      'SCMP_ARCH_ARM',
    ]);
    expect(resolveAnchor(NEWEST, amd64({ arch: 'SCMP_ARCH_PPC64LE' })).architectures).toEqual([]);
    // moby's lookup is keyed "loong64" but yields "loongarch64": the entry never matches.
    expect(resolveAnchor(NEWEST, amd64({ arch: 'SCMP_ARCH_LOONGARCH64' })).architectures).toEqual([]);
  });

  it('matches includes.arches against the daemon arch, not the ABI', () => {
    const x86 = resolveAnchor(NEWEST);
    expect(describeSyscall(x86, 'arch_prctl').reach).toBe('allowed');
    expect(describeSyscall(x86, 'arm_fadvise64_64').reach).toBe('denied');
    const arm = resolveAnchor(NEWEST, amd64({ arch: 'SCMP_ARCH_AARCH64' }));
    expect(describeSyscall(arm, 'arm_fadvise64_64').reach).toBe('allowed');
    expect(describeSyscall(arm, 'arch_prctl').reach).toBe('denied');
    const s390x = resolveAnchor(NEWEST, amd64({ arch: 'SCMP_ARCH_S390X' }));
    expect(describeSyscall(s390x, 'clone').text).toBe('ALLOW if arg1 & 0x7e020000 == 0');
  });

  it('keeps rule order and strips includes, excludes and comments', () => {
    const profile = anchorProfile(NEWEST);
    const policy = resolveAnchor(NEWEST);
    expect(policy.rules[0]!.names).toEqual(profile.syscalls[0]!.names);
    expect(
      policy.rules.every((rule) => Object.keys(rule).every((k) => ['names', 'action', 'errnoRet', 'args'].includes(k))),
    ).toBe(true);
    let next = 0;
    for (const rule of policy.rules) {
      while (
        next < profile.syscalls.length &&
        JSON.stringify(profile.syscalls[next]!.names) !== JSON.stringify(rule.names)
      )
        next += 1;
      expect(next, `rule ${rule.names.join(',')} out of order`).toBeLessThan(profile.syscalls.length);
      next += 1;
    }
    // 33 rules: the ALLOW list, minKernel 4.8, socket ×3, personality ×5, arch_prctl, modify_ldt, clone, clone3, chroot.
    expect(profile.syscalls).toHaveLength(33);
    expect(policy.rules).toHaveLength(15);
  });
});

describe('resolveProfile: every row of docker-default-amd64-effective.csv', () => {
  const rows = parseCsv(readReference('docker-default-amd64-effective.csv'));
  const defaults = resolveAnchor(NEWEST);
  const bare = resolveAnchor(NEWEST, amd64({ caps: [], kernel: '4.7' }));

  it('lists exactly the names reachable with every capability', () => {
    const all = resolveAnchor(NEWEST, amd64({ caps: CSV_ALL_CAPS }));
    expect([...allowedNames(all)].sort()).toEqual(rows.map((r) => r.name).sort());
  });

  it.each(rows)('$name', (row) => {
    if (row.allowed_always === 'yes') {
      expect(describeSyscall(bare, row.name)).toEqual({ reach: 'allowed', text: 'ALLOW' });
      return;
    }
    if (row.allowed_if_kernel_ge) {
      expect(
        describeSyscall(resolveAnchor(NEWEST, amd64({ caps: [], kernel: row.allowed_if_kernel_ge })), row.name).reach,
      ).toBe('allowed');
      expect(describeSyscall(bare, row.name).reach).toBe('denied');
    }
    if (row.allowed_with_arg_filter) {
      const onlyWithout = row.allowed_with_arg_filter.includes('only without');
      expect(describeSyscall(bare, row.name).reach).toBe('filtered');
      if (onlyWithout)
        expect(
          describeSyscall(resolveAnchor(NEWEST, amd64({ caps: row.allowed_if_any_cap.split(';') })), row.name).reach,
        ).toBe('allowed');
    } else if (!row.allowed_if_kernel_ge) {
      expect(describeSyscall(bare, row.name).reach).toBe('denied');
    }
    for (const cap of row.allowed_if_any_cap.split(';').filter(Boolean)) {
      expect(describeSyscall(resolveAnchor(NEWEST, amd64({ caps: [cap], kernel: '4.7' })), row.name)).toEqual({
        reach: 'allowed',
        text: 'ALLOW',
      });
    }
    if (row.other_rule) expect(describeSyscall(bare, row.name).text).toBe('ERRNO(ENOSYS)');
    const inDefault = row.allowed_if_any_cap.split(';').some((cap) => amd64().caps.includes(cap));
    expect(describeSyscall(defaults, row.name).reach).toBe(
      inDefault || row.allowed_if_kernel_ge ? 'allowed' : row.allowed_with_arg_filter ? 'filtered' : 'denied',
    );
  });

  it.each(rows)('$name: numbers per ABI and evaluation by number', (row) => {
    const abis = [
      ['SCMP_ARCH_X86_64', row.x86_64_nr, 0],
      ['SCMP_ARCH_X86', row.x86_nr, 0],
      ['SCMP_ARCH_X32', row.x32_nr_without_0x40000000, 0x40000000],
    ] as const;
    for (const [abi, nr, bit] of abis) {
      expect(syscallNumber(abi, row.name)).toBe(nr === '' ? undefined : Number(nr) + bit);
      if (nr !== '' && row.allowed_always === 'yes')
        expect(evaluate(defaults, abi, Number(nr) + bit).action).toBe('SCMP_ACT_ALLOW');
    }
  });
});

describe('resolveProfile: includes, excludes and errors', () => {
  const base = (rules: SeccompProfile['syscalls']): SeccompProfile => ({
    defaultAction: 'SCMP_ACT_ERRNO',
    syscalls: rules,
  });

  it('drops a rule when any exclude holds and keeps it only when every include holds', () => {
    const profile = base([
      { names: ['a'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'] } },
      { names: ['b'], action: 'SCMP_ACT_ALLOW', excludes: { caps: ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'] } },
      { names: ['c'], action: 'SCMP_ACT_ALLOW', excludes: { minKernel: '5.10' } },
      { names: ['d'], action: 'SCMP_ACT_ALLOW', includes: { arches: ['amd64'], minKernel: '5.10.0-rc1' } },
      { names: ['e'], action: 'SCMP_ACT_ALLOW', excludes: { arches: ['x32'] } },
    ]);
    const names = (caps: string[], kernel: string) =>
      resolveProfile(profile, amd64({ caps, kernel })).rules.map((r) => r.names[0]);
    expect(names(['CAP_SYS_ADMIN'], '5.9')).toEqual(['c', 'e']);
    expect(names(['CAP_SYS_ADMIN', 'CAP_NET_ADMIN'], '5.10')).toEqual(['a', 'd', 'e']);
    expect(names([], '6.1')).toEqual(['b', 'd', 'e']);
  });

  it('copies a flat architectures list as written', () => {
    const profile = { ...base([]), architectures: ['SCMP_ARCH_X86' as const] };
    expect(resolveProfile(profile, amd64()).architectures).toEqual(['SCMP_ARCH_X86']);
  });

  it('rejects architectures together with archMap, and a minKernel moby cannot parse', () => {
    const both: SeccompProfile = {
      ...base([]),
      architectures: ['SCMP_ARCH_X86_64'],
      archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: [] }],
    };
    expect(() => resolveProfile(both, amd64())).toThrow(InputError);
    for (const minKernel of ['4', '0.0', 'four.eight']) {
      const bad = base([{ names: ['a'], action: 'SCMP_ACT_ALLOW', includes: { minKernel } }]);
      expect(() => resolveProfile(bad, amd64())).toThrow(/syscalls\[0\]\.includes\.minKernel/);
    }
  });
});

const CSV_ALL_CAPS = readReference('capabilities.csv')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => line.split(',')[1]!);

interface CsvRow {
  name: string;
  allowed_always: string;
  allowed_if_kernel_ge: string;
  allowed_with_arg_filter: string;
  allowed_if_any_cap: string;
  other_rule: string;
  x86_64_nr: string;
  x86_nr: string;
  x32_nr_without_0x40000000: string;
}

function parseCsv(text: string): CsvRow[] {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const keys = header!.split(',');
  return lines.map(
    (line) => Object.fromEntries(line.split(',').map((cell, i) => [keys[i], cell])) as unknown as CsvRow,
  );
}
