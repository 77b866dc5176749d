import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../src/model/observation.js';
import type { SeccompProfile } from '../../../src/model/profile.js';
import { extendProfile } from '../../../src/merge/extend.js';
import { unionProfiles } from '../../../src/merge/profile-union.js';
import { isPermissive } from '../../../src/profile/decision.js';
import { evaluateName } from '../../../src/profile/evaluate.js';
import { defaultResolveContext, resolveProfile } from '../../../src/profile/resolve.js';
import { parseProfile } from '../../../src/profile/read.js';
import { readReference } from '../../helpers/reference.js';
import { calls, observationOf } from '../../helpers/observation.js';
import { denylist, mergeDocs, NAMES, obsDoc, observation, profile, profileDoc } from './arbitraries.js';

const context = defaultResolveContext();
const unionOf = (list: readonly SeccompProfile[]) =>
  unionProfiles(
    list.map((p, i) => ({ label: `p${i}.json`, profile: p })),
    context,
  );
const union = (list: readonly SeccompProfile[]) => unionOf(list).profile;
const ARGS: bigint[][] = [[], [0n], [1n], [2n, 3n], [0n, 0n, 4n]];

/** Whether `p` lets `name` run with `args` (x86_64). */
function runs(p: SeccompProfile, name: string, args: bigint[]): boolean {
  return isPermissive(evaluateName(resolveProfile(p, context), name, args, 'SCMP_ARCH_X86_64').action);
}

describe('merge of profiles (each resolved first)', () => {
  it.each([
    ['allowlists', profile],
    ['denylists', denylist],
  ])(
    '%s: a call runs under the union exactly when it runs under some input (more only for names reported widened)',
    (_label, arbitrary) => {
      fc.assert(
        fc.property(fc.array(arbitrary, { minLength: 1, maxLength: 4 }), (list) => {
          const { profile: merged, widened } = unionOf(list);
          for (const name of NAMES)
            for (const args of ARGS) {
              const some = list.some((p) => runs(p, name, args));
              if (widened.includes(name)) expect(runs(merged, name, args) || !some).toBe(true);
              else expect(runs(merged, name, args)).toBe(some);
            }
        }),
        { numRuns: 300 },
      );
    },
  );

  it('widens rarely: profiles without mixed argument branches union exactly', () => {
    const plain = profile.map((p) => ({ ...p, syscalls: p.syscalls.filter((r) => r.action !== 'SCMP_ACT_ERRNO') }));
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 4 }), (list) => {
        expect(unionOf(list).widened).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('is commutative, idempotent and associative', () => {
    fc.assert(
      fc.property(profile, profile, profile, (a, b, c) => {
        expect(union([b, a])).toEqual(union([a, b]));
        expect(union([a, a])).toEqual(union([a]));
        expect(union([union([a, b]), c])).toEqual(union([a, b, c]));
        expect(union([union([a, b]), b])).toEqual(union([a, b]));
      }),
      { numRuns: 150 },
    );
  });

  it("Docker's default with a generated profile is Docker's default (for the resolved context)", async () => {
    const dockerDefault = parseProfile(readReference('docker-default.json'), 'docker-default.json');
    const narrow: SeccompProfile = {
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }],
    };
    const merged = union([dockerDefault, narrow]);
    for (const name of ['read', 'mount', 'clone', 'ptrace', 'bpf'])
      expect(runs(merged, name, [0n])).toBe(runs(dockerDefault, name, [0n]));
  });

  it('refuses different default actions, naming each', () => {
    expect(() =>
      union([
        { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [] },
        { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [] },
      ]),
    ).toThrow(/different default actions \(p0\.json: ERRNO\(EPERM\), p1\.json: ALLOW\)/);
  });

  it('refuses profiles for different architectures unless --force', async () => {
    const arm: SeccompProfile = { defaultAction: 'SCMP_ACT_ERRNO', architectures: ['SCMP_ARCH_AARCH64'], syscalls: [] };
    const x86: SeccompProfile = {
      defaultAction: 'SCMP_ACT_ERRNO',
      architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86'],
      syscalls: [],
    };
    await expect(mergeDocs([profileDoc('arm.json', arm), profileDoc('x86.json', x86)])).rejects.toThrow(
      /different architectures: arm\.json: SCMP_ARCH_AARCH64, x86\.json: SCMP_ARCH_X86_64/,
    );
    const forced = await mergeDocs([profileDoc('arm.json', arm), profileDoc('x86.json', x86)], true);
    expect(forced.kind === 'profile' && forced.profile.architectures).toEqual([
      'SCMP_ARCH_X86',
      'SCMP_ARCH_X86_64',
      'SCMP_ARCH_AARCH64',
    ]);
  });
});

describe('merge base.json new.obs.json: extending a profile', () => {
  const withCalls = (names: string[]): Observation =>
    observationOf({ SCMP_ARCH_X86_64: calls(Object.fromEntries(names.map((n) => [n, 1]))) });

  it('keeps every base rule exactly, keeps denials, and allows what is new', () => {
    fc.assert(
      fc.property(profile, fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1 }), (base, seen) => {
        const { profile: out, added } = extendProfile(base, withCalls(seen), context, 'new');
        expect(out.syscalls.slice(0, base.syscalls.length)).toEqual(base.syscalls);
        expect(out.defaultAction).toBe(base.defaultAction);
        expect(out.architectures).toEqual(base.architectures);
        for (const name of NAMES)
          for (const args of ARGS) {
            const before = runs(base, name, args);
            const mentioned = base.syscalls.some((r) => r.names.includes(name));
            // A name the base decides (allows, filters or denies) is decided the same way after.
            if (mentioned) expect(runs(out, name, args)).toBe(before);
            else expect(runs(out, name, args)).toBe(seen.includes(name) || before);
          }
        expect(added).toEqual(seen.filter((n) => !base.syscalls.some((r) => r.names.includes(n))).sort());
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of the observations, and adding one again changes nothing', async () => {
    const base: SeccompProfile = {
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [{ names: ['ptrace'], action: 'SCMP_ACT_ERRNO' }],
    };
    await fc.assert(
      fc.asyncProperty(fc.array(observation, { minLength: 1, maxLength: 3 }), async (list) => {
        const docs = list.map((o, i) => obsDoc(`o${i}.json`, o));
        const a = await mergeDocs([profileDoc('base.json', base), ...docs]);
        const b = await mergeDocs([...[...docs].reverse(), profileDoc('base.json', base), docs[0]!]);
        expect(a.kind).toBe('extension');
        expect(b.kind === 'extension' && b.extension).toEqual(a.kind === 'extension' && a.extension);
        if (a.kind === 'extension') expect(runs(a.extension.profile, 'ptrace', [])).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('reports what the base keeps denied and ABIs it does not cover', () => {
    const base: SeccompProfile = {
      defaultAction: 'SCMP_ACT_ERRNO',
      architectures: ['SCMP_ARCH_X86_64'],
      syscalls: [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }],
    };
    const seen = observationOf({ SCMP_ARCH_X86_64: calls({ clone3: 1, read: 2 }), SCMP_ARCH_X86: calls({ read: 1 }) });
    const extension = extendProfile(base, seen, context, 'new');
    expect(extension.added).toEqual(['read']);
    expect(extension.keptByBase).toEqual(['clone3: ERRNO(ENOSYS)']);
    expect(extension.uncoveredAbis).toEqual(['SCMP_ARCH_X86']);
  });
});
