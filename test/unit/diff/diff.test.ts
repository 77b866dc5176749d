import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, OPERATORS, type SeccompProfile, type SyscallRule } from '../../../src/model/profile.js';
import { summarizeAgainst } from '../../../src/diff/attack-surface.js';
import { diffPolicies, isEmptyDiff } from '../../../src/diff/diff.js';
import { resolveProfile } from '../../../src/profile/resolve.js';
import { amd64, resolveAnchor } from '../profile/resolve-fixtures.js';

describe('diffPolicies: Docker default v0.1.0 → newest (v0.2.3)', () => {
  const diff = diffPolicies(resolveAnchor('docker-default-profiles-v0.1.0.json'), resolveAnchor('docker-default.json'));

  it('shows only the socket AF_ALG filter change', () => {
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([
      { name: 'socket', from: 'ALLOW if arg0 != 40', to: 'ALLOW if arg0 < 38 || arg0 == 39 || arg0 > 40' },
    ]);
    expect(diff.defaultAction).toBeNull();
  });

  it('is a tightening: nothing allows more; the reverse direction widens socket', () => {
    expect(diff.widened).toEqual([]);
    const back = diffPolicies(
      resolveAnchor('docker-default.json'),
      resolveAnchor('docker-default-profiles-v0.1.0.json'),
    );
    expect(back.widened).toEqual(['socket']);
  });

  it('does not see the LoongArch archMap entry on an amd64 daemon', () => {
    expect(diff.architectures).toEqual({ added: [], removed: [] });
  });

  it('reports the context it resolved for', () => {
    expect(diff.context).toEqual(amd64());
  });
});

describe('diffPolicies: Docker default → Podman default (containers-common)', () => {
  const docker = resolveAnchor('docker-default.json');
  const podman = resolveAnchor('containers-common-seccomp.json');
  const diff = diffPolicies(docker, podman);

  it('reports the default action change once', () => {
    expect(diff.defaultAction).toEqual({ from: 'ERRNO(EPERM)', to: 'ERRNO(ENOSYS)' });
  });

  it('lists what Podman allows that Docker does not (it leaves mounts and namespaces to capabilities)', () => {
    expect(diff.added).toEqual(
      expect.arrayContaining(['mount', 'umount2', 'unshare', 'setns', 'keyctl', 'pivot_root', 'clone3']),
    );
    expect(diff.treatment.mount).toEqual({ from: 'ERRNO(EPERM)', to: 'ALLOW' });
    expect(diff.treatment.clone3).toEqual({ from: 'ERRNO(ENOSYS)', to: 'ALLOW' });
  });

  it('lists what Docker allows that Podman does not', () => {
    expect(diff.removed).toEqual(expect.arrayContaining(['cachestat', 'io_pgetevents', 'mseal', 'vmsplice']));
  });

  it('finds that Podman widens clone (no namespace-flag filter) and socket (AF_ALG allowed)', () => {
    expect(diff.widened).toEqual(['clone', 'socket']);
  });

  it('shows the filter changes of clone and socket', () => {
    expect(diff.changed).toEqual([
      { name: 'clone', from: 'ALLOW if arg0 & 0x7e020000 == 0', to: 'ALLOW' },
      {
        name: 'socket',
        from: 'ALLOW if arg0 < 38 || arg0 == 39 || arg0 > 40',
        to: 'ERRNO(EPERM) if arg0 == 40; ALLOW if arg0 != 40',
      },
    ]);
  });

  it('keeps every list sorted', () => {
    for (const list of [diff.added, diff.removed, diff.changed.map((c) => c.name)])
      expect(list).toEqual([...list].sort());
  });
});

describe('summarizeAgainst', () => {
  const docker = resolveAnchor('docker-default.json');

  it('counts a small profile against Docker default and names the high-risk calls it removes', () => {
    const small = resolveProfile(
      {
        defaultAction: 'SCMP_ACT_ERRNO',
        syscalls: [{ names: ['read', 'write', 'exit_group', 'ptrace', 'bpf'], action: 'SCMP_ACT_ALLOW' }],
      },
      amd64(),
    );
    const summary = summarizeAgainst(docker, small);
    expect(summary).toMatchObject({
      baselineAllowed: 370,
      profileAllowed: 5,
      removed: 366,
      added: 1,
      percentRemoved: 98.9,
    });
    expect(summary.nativeAbi).toMatchObject({ abi: 'SCMP_ARCH_X86_64', profileAllowed: 5 });
    expect(summary.highRiskRemoved.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'adjtimex',
        'chroot',
        'clock_adjtime',
        'personality',
        'process_vm_readv',
        'process_vm_writev',
      ]),
    );
    expect(summary.highRiskRemoved.map((r) => r.name)).not.toContain('ptrace');
    expect(summary.highRiskAllowed.map((r) => r.name)).toEqual(['bpf', 'ptrace']);
  });

  it('finds nothing removed against itself', () => {
    expect(summarizeAgainst(docker, docker)).toMatchObject({ removed: 0, added: 0, percentRemoved: 0 });
  });
});

const NAMES = ['read', 'write', 'socket', 'clone', 'ptrace', 'mount', 'personality', '_llseek'];
const ACTION_LIST = ACTIONS.filter((a) => a !== 'SCMP_ACT_KILL_THREAD');
const argArb = fc.record({
  index: fc.integer({ min: 0, max: 2 }),
  value: fc.integer({ min: 0, max: 64 }),
  valueTwo: fc.integer({ min: 0, max: 64 }),
  op: fc.constantFrom(...OPERATORS),
});
const ruleArb: fc.Arbitrary<SyscallRule> = fc.record(
  {
    names: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 }),
    action: fc.constantFrom(...ACTION_LIST),
    errnoRet: fc.constantFrom(1, 38),
    args: fc.array(argArb, { maxLength: 2 }),
    includes: fc.record({ caps: fc.subarray(['CAP_SYS_ADMIN', 'CAP_CHOWN']) }),
  },
  { requiredKeys: ['names', 'action'] },
);
const profileArb: fc.Arbitrary<SeccompProfile> = fc.record({
  defaultAction: fc.constantFrom('SCMP_ACT_ERRNO', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_ALLOW', 'SCMP_ACT_LOG'),
  defaultErrnoRet: fc.constantFrom(1, 38),
  architectures: fc.subarray(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'] as const),
  syscalls: fc.array(ruleArb, { maxLength: 6 }),
});

describe('diffPolicies: properties', () => {
  const resolve = (profile: SeccompProfile) => resolveProfile(profile, amd64());

  it('diff(a, a) is empty', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        expect(isEmptyDiff(diffPolicies(resolve(profile), resolve(profile)))).toBe(true);
      }),
    );
  });

  it('swapping the arguments swaps added/removed, from/to and the arch lists', () => {
    fc.assert(
      fc.property(profileArb, profileArb, (a, b) => {
        const forward = diffPolicies(resolve(a), resolve(b));
        const back = diffPolicies(resolve(b), resolve(a));
        expect(back.added).toEqual(forward.removed);
        expect(back.removed).toEqual(forward.added);
        expect(back.changed).toEqual(forward.changed.map(({ name, from, to }) => ({ name, from: to, to: from })));
        expect(back.defaultAction).toEqual(
          forward.defaultAction && { from: forward.defaultAction.to, to: forward.defaultAction.from },
        );
        expect(back.architectures).toEqual({
          added: forward.architectures.removed,
          removed: forward.architectures.added,
        });
      }),
    );
  });

  it('added and removed never overlap and are sorted', () => {
    fc.assert(
      fc.property(profileArb, profileArb, (a, b) => {
        const diff = diffPolicies(resolve(a), resolve(b));
        expect(diff.added.filter((n) => diff.removed.includes(n))).toEqual([]);
        expect(diff.added).toEqual([...diff.added].sort());
        expect(diff.removed).toEqual([...diff.removed].sort());
      }),
    );
  });
});
