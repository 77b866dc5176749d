import { describe, expect, it } from 'vitest';
import { buildProfile, type BuildOptions } from '../../../src/generate/build.js';
import { mergeObservations } from '../../../src/observation/merge.js';
import { CLONE_NAMESPACE_MASK, DOCKER_PERSONALITIES } from '../../../src/generate/arg-filters.js';
import { FALLBACKS } from '../../../src/generate/fallbacks.js';
import type { Observation } from '../../../src/model/observation.js';
import { fixture } from './fixtures.js';
import { calls, observationOf } from '../../helpers/observation.js';

const options: BuildOptions = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  includeBlocked: false,
  runtimeSyscalls: true,
  capAdd: [],
  native: 'SCMP_ARCH_X86_64',
};

function build(observations: Observation[], extra: Partial<BuildOptions> = {}) {
  return buildProfile(mergeObservations(observations.map((observation, i) => ({ label: `o${i}.json`, observation }))), {
    ...options,
    ...extra,
  });
}

function rulesFor(result: ReturnType<typeof build>, name: string) {
  return result.profile.syscalls.filter((r) => r.names.includes(name));
}

describe('buildProfile: architectures', () => {
  it('covers the whole x86 family when only x86_64 was observed', () => {
    expect(build([observationOf({ SCMP_ARCH_X86_64: calls({ read: 1 }) })]).profile.architectures).toEqual([
      'SCMP_ARCH_X86_64',
      'SCMP_ARCH_X86',
      'SCMP_ARCH_X32',
    ]);
  });

  it('puts a 32-bit-only recording in its 64-bit family, and arm64 in its own', () => {
    expect(build([observationOf({ SCMP_ARCH_X86: calls({ read: 1 }) })]).profile.architectures).toEqual([
      'SCMP_ARCH_X86_64',
      'SCMP_ARCH_X86',
      'SCMP_ARCH_X32',
    ]);
    expect(build([observationOf({ SCMP_ARCH_AARCH64: calls({ read: 1 }) })]).profile.architectures).toEqual([
      'SCMP_ARCH_AARCH64',
      'SCMP_ARCH_ARM',
    ]);
  });

  it('follows --arch instead of the observed ABIs, as an archMap entry per daemon arch', () => {
    const result = build([observationOf({ SCMP_ARCH_X86_64: calls({ read: 1 }) })], {
      architectures: ['SCMP_ARCH_S390X'],
    });
    expect(result.profile.architectures).toBeUndefined();
    expect(result.profile.archMap).toEqual([{ architecture: 'SCMP_ARCH_S390X', subArchitectures: ['SCMP_ARCH_S390'] }]);
  });
});

describe('buildProfile: rules', () => {
  it('allows exactly the observed names (sorted), the first rule carrying the provenance', () => {
    const result = build([observationOf({ SCMP_ARCH_X86_64: calls({ write: 1, read: 2, exit_group: 1 }) })]);
    const [first] = result.profile.syscalls;
    expect(first).toMatchObject({ names: ['exit_group', 'read', 'write'], action: 'SCMP_ACT_ALLOW' });
    expect(first!.comment).toBe('seccompose generate from 1 observation(s): command true [strace 6.1] 1 run: o0.json');
  });

  it('drops names that no target ABI knows, and reports them', () => {
    const result = build([observationOf({ SCMP_ARCH_X86_64: calls({ read: 1, syscall_0x1ff: 2 }) })]);
    expect(result.unknownNames).toEqual(['syscall_0x1ff']);
    expect(result.profile.syscalls[0]!.names).toEqual(['read']);
  });

  it('includes the runtime set unless asked not to', () => {
    const server = fixture('http-server.json').observation;
    expect(build([server]).profile.syscalls[0]!.names).toContain('capset');
    expect(build([server], { runtimeSyscalls: false }).profile.syscalls[0]!.names).not.toContain('capset');
    expect(build([server]).profile.syscalls[0]!.comment).toMatch(
      / \| runtime set: runc 1\.1\.5 \(audit, no-op container\)$/,
    );
    expect(build([server], { runtimeSyscalls: false }).profile.syscalls[0]!.comment).not.toContain('runtime set');
  });

  it('reports blocked attempts and allows them only with includeBlocked', () => {
    const legacy = fixture('legacy-i386.json').observation;
    const without = build([legacy]);
    expect(without.blockedLeftOut).toEqual(['ptrace']);
    expect(rulesFor(without, 'ptrace')).toEqual([]);
    const withBlocked = build([legacy], { includeBlocked: true });
    expect(withBlocked.blockedLeftOut).toEqual([]);
    expect(rulesFor(withBlocked, 'ptrace')[0]!.action).toBe('SCMP_ACT_ALLOW');
    expect(withBlocked.explain.find((e) => e.name === 'ptrace')!.evidence[0]).toMatchObject({
      kind: 'blocked',
      count: 2,
    });
  });

  it('omits defaultErrnoRet for non-errno default actions', () => {
    const result = build([observationOf({ SCMP_ARCH_X86_64: calls({ read: 1 }) })], {
      defaultAction: 'SCMP_ACT_KILL_PROCESS',
      defaultErrnoRet: undefined,
    });
    expect(result.profile.defaultAction).toBe('SCMP_ACT_KILL_PROCESS');
    expect(result.profile.defaultErrnoRet).toBeUndefined();
  });
});

describe('buildProfile: ENOSYS fallbacks', () => {
  it('answers every unobserved fallback syscall with ERRNO(ENOSYS), and leaves observed ones allowed', () => {
    const result = build([observationOf({ SCMP_ARCH_X86_64: calls({ read: 1, rseq: 4, getrandom: 1 }) })]);
    const enosys = result.profile.syscalls.find((r) => r.action === 'SCMP_ACT_ERRNO')!;
    expect(enosys.errnoRet).toBe(38);
    expect(enosys.names).toEqual(
      FALLBACKS.map((f) => f.name)
        .filter((n) => n !== 'rseq' && n !== 'getrandom')
        .sort(),
    );
    expect(result.profile.syscalls[0]!.names).toEqual(['getrandom', 'read', 'rseq']);
  });

  it('keeps ENOSYS for a fallback syscall whose every observed call failed (libc fell back under the baseline)', () => {
    const obs = observationOf({
      SCMP_ARCH_X86_64: { read: { count: 1, errors: 0, firstSeen: 0 }, clone3: { count: 2, errors: 2, firstSeen: 1 } },
    });
    const result = build([obs]);
    expect(result.profile.syscalls[0]!.names).toEqual(['read']);
    expect(rulesFor(result, 'clone3')).toMatchObject([{ action: 'SCMP_ACT_ERRNO', errnoRet: 38 }]);
    const entry = result.explain.find((e) => e.name === 'clone3')!;
    expect(entry.rule).toBe('enosys');
    expect(entry.evidence[0]).toMatchObject({ kind: 'observed', count: 2 });
    expect(entry.evidence[1]).toMatchObject({
      kind: 'fallback',
      reason: expect.stringMatching(/^every observed call failed \(2\/2\)/),
    });
    const succeeded = observationOf({ SCMP_ARCH_X86_64: { clone3: { count: 2, errors: 1, firstSeen: 0 } } });
    expect(build([succeeded]).profile.syscalls[0]!.names).toEqual(['clone3']);
  });

  it('is not needed when the default action already answers ENOSYS', () => {
    const result = build([observationOf({ SCMP_ARCH_X86_64: calls({ read: 1 }) })], { defaultErrnoRet: 38 });
    expect(result.profile.syscalls.filter((r) => r.action === 'SCMP_ACT_ERRNO')).toEqual([]);
  });
});

describe('buildProfile: argument filters', () => {
  const withArgs = (name: string, index: string, values: number[], truncated = false) =>
    observationOf(
      { SCMP_ARCH_X86_64: calls({ read: 1, [name]: values.length || 1 }) },
      { args: { [name]: { [index]: { values, truncated } } } },
    );

  it("gives clone Docker's namespace filter when no namespace flag was observed", () => {
    const rules = rulesFor(build([withArgs('clone', '0', [0x1200011, 0x3d0f00])]), 'clone');
    expect(rules).toEqual([
      {
        names: ['clone'],
        action: 'SCMP_ACT_ALLOW',
        args: [{ index: 0, value: CLONE_NAMESPACE_MASK, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
      },
    ]);
  });

  it('leaves clone unfiltered when a namespace flag was observed, saying why', () => {
    const result = build([withArgs('clone', '0', [0x1200011, 0x20000000 | 0x11])]);
    expect(result.profile.syscalls[0]!.names).toContain('clone');
    expect(result.explain.find((e) => e.name === 'clone')!.filter).toMatch(/namespace flags observed \(0x20000011\)/);
  });

  it('keeps the filter for undecoded clone flags unless CAP_SYS_ADMIN is added', () => {
    const obs = observationOf({ SCMP_ARCH_X86_64: calls({ clone: 2 }) });
    expect(rulesFor(build([obs]), 'clone')[0]!.args).toHaveLength(1);
    expect(rulesFor(build([obs], { capAdd: ['CAP_SYS_ADMIN'] }), 'clone')[0]!.args).toBeUndefined();
  });

  it('uses arg1 for clone on s390x, and both forms (by daemon arch) for mixed families', () => {
    const obs = observationOf({ SCMP_ARCH_S390X: calls({ clone: 1 }) });
    expect(rulesFor(build([obs]), 'clone')[0]!.args![0]!.index).toBe(1);
    const mixed = rulesFor(build([obs], { architectures: ['SCMP_ARCH_S390X', 'SCMP_ARCH_X86_64'] }), 'clone');
    expect(mixed.map((r) => [r.args![0]!.index, r.includes?.arches, r.excludes?.arches])).toEqual([
      [0, undefined, ['s390', 's390x']],
      [1, ['s390', 's390x'], undefined],
    ]);
  });

  it('allows unshare only with the observed flag sets; without them, no new namespace unless CAP_SYS_ADMIN is added', () => {
    const eq = (value: number) => ({ index: 0, value, op: 'SCMP_CMP_EQ' });
    const noNamespace = [{ index: 0, value: CLONE_NAMESPACE_MASK, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }];
    // A user-namespace sandbox (CLONE_NEWUSER|CLONE_NEWNS) and a CLONE_FS unshare, exactly.
    const observed = build([withArgs('unshare', '0', [0x10020000, 0x200])]);
    expect(rulesFor(observed, 'unshare').map((r) => r.args)).toEqual([[eq(0x200)], [eq(0x10020000)]]);
    expect(observed.explain.find((e) => e.name === 'unshare')!.filter).toBe(
      'only the observed flag set(s) 0x200, 0x10020000',
    );
    const many = Array.from({ length: 9 }, (_, i) => 0x200 + i * 0x400);
    expect(rulesFor(build([withArgs('unshare', '0', many)]), 'unshare').map((r) => r.args)).toEqual([noNamespace]);
    expect(rulesFor(build([withArgs('unshare', '0', [...many, 0x10000000])]), 'unshare')[0]!.args).toBeUndefined();
    const undecoded = observationOf({ SCMP_ARCH_X86_64: calls({ unshare: 1 }) });
    expect(rulesFor(build([undecoded]), 'unshare').map((r) => r.args)).toEqual([noNamespace]);
    expect(rulesFor(build([undecoded], { capAdd: ['CAP_SYS_ADMIN'] }), 'unshare')[0]!.args).toBeUndefined();
  });

  it("allows personality only with the observed values, else Docker's", () => {
    expect(
      rulesFor(build([withArgs('personality', '0', [0xffffffff, 8])]), 'personality').map((r) => r.args![0]!.value),
    ).toEqual([8, 0xffffffff]);
    expect(
      rulesFor(build([withArgs('personality', '0', [1, 2], true)]), 'personality').map((r) => r.args![0]!.value),
    ).toEqual([...DOCKER_PERSONALITIES]);
  });

  it("allows socket only for the observed families, else with Docker's AF_ALG/AF_VSOCK filter", () => {
    const observed = rulesFor(build([withArgs('socket', '0', [1, 2, 10])]), 'socket');
    expect(observed.map((r) => r.args)).toEqual([1, 2, 10].map((value) => [{ index: 0, value, op: 'SCMP_CMP_EQ' }]));
    const unknown = rulesFor(build([observationOf({ SCMP_ARCH_X86_64: calls({ socket: 1 }) })]), 'socket');
    expect(unknown.map((r) => [r.args![0]!.op, r.args![0]!.value])).toEqual([
      ['SCMP_CMP_LT', 38],
      ['SCMP_CMP_EQ', 39],
      ['SCMP_CMP_GT', 40],
    ]);
  });
});
