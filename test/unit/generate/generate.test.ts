import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateProfile } from '../../../src/generate/generate.js';
import { resolveProfile, defaultResolveContext } from '../../../src/profile/resolve.js';
import { evaluate } from '../../../src/profile/evaluate.js';
import { loadProfile } from '../../../src/profile/load.js';
import { parseProfile } from '../../../src/profile/read.js';
import { lintProfileText } from '../../../src/lint/run.js';
import type { SeccompArch } from '../../../src/model/profile.js';
import type { LabelledObservation } from '../../../src/observation/merge.js';
import { defaultOptions, fixture } from './fixtures.js';
import { calls, observationOf } from '../../helpers/observation.js';

const ALL = ['http-server.json', 'legacy-i386.json', 'nginx-ebpf.json', 'shell-files.json'].map(fixture);

/** Every (abi, name, args) the observations recorded, with each recorded value of each argument tried. */
function observedCalls(inputs: readonly LabelledObservation[]): { abi: SeccompArch; name: string; args: bigint[][] }[] {
  return inputs.flatMap(({ observation }) =>
    Object.entries(observation.syscalls).flatMap(([abi, perAbi]) =>
      Object.keys(perAbi ?? {}).map((name) => {
        // A call's arguments: the first recorded value at each index, varying one index at a time.
        const recorded = Object.entries(observation.args[name] ?? {});
        const base = [0n, 0n, 0n, 0n, 0n, 0n];
        for (const [index, arg] of recorded) base[Number(index)] = BigInt(arg.values[0] ?? 0);
        const variants = recorded.flatMap(([index, arg]) =>
          arg.values.map((v) => base.map((b, i) => (i === Number(index) ? BigInt(v) : b))),
        );
        return { abi: abi as SeccompArch, name, args: variants.length > 0 ? variants : [[]] };
      }),
    ),
  );
}

describe('generateProfile', () => {
  it('matches the golden profile for the fixtures', async () => {
    const result = generateProfile(ALL, defaultOptions);
    await expect(result.text).toMatchFileSnapshot('../../golden/generate/all-fixtures.json');
  });

  it('passes lint with zero errors and stays a readable Docker profile', () => {
    for (const inputs of [ALL, [fixture('shell-files.json')], [fixture('legacy-i386.json')]]) {
      const { text } = generateProfile(inputs, { ...defaultOptions, includeBlocked: true });
      expect(lintProfileText(text, 'generated').filter((f) => f.severity === 'error')).toEqual([]);
      expect(() => parseProfile(text, 'generated')).not.toThrow();
    }
  });

  it('allows every observed syscall on its ABI, with every recorded argument value', () => {
    const result = generateProfile(ALL, defaultOptions);
    const policy = resolveProfile(result.profile, defaultResolveContext());
    for (const { abi, name, args } of observedCalls(ALL))
      for (const a of args)
        expect(evaluate(policy, abi, name, a).action, `${abi} ${name}(${a.join(',')})`).toBe('SCMP_ACT_ALLOW');
  });

  it('denies the unobserved: a namespace clone, AF_ALG, an unobserved socket family, a blocked attempt', () => {
    const policy = resolveProfile(generateProfile(ALL, defaultOptions).profile, defaultResolveContext());
    expect(evaluate(policy, 'SCMP_ARCH_X86_64', 'clone', [0x10000000n]).action).toBe('SCMP_ACT_ERRNO');
    expect(evaluate(policy, 'SCMP_ARCH_X86_64', 'socket', [38n]).action).toBe('SCMP_ACT_ERRNO');
    const server = resolveProfile(
      generateProfile([fixture('http-server.json')], defaultOptions).profile,
      defaultResolveContext(),
    );
    expect(evaluate(server, 'SCMP_ARCH_X86_64', 'socket', [17n]).action).toBe('SCMP_ACT_ERRNO');
    expect(evaluate(server, 'SCMP_ARCH_X86_64', 'socket', [10n]).action).toBe('SCMP_ACT_ALLOW');
    expect(evaluate(policy, 'SCMP_ARCH_X86', 'ptrace').action).toBe('SCMP_ACT_ERRNO');
    expect(evaluate(policy, 'SCMP_ARCH_X86_64', 'clone3')).toMatchObject({ action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
  });

  it('is never wider than the Docker default the container was recorded under', async () => {
    const { profile: baseline } = await loadProfile('docker-default');
    const context = defaultResolveContext();
    const docker = resolveProfile(baseline, context);
    const inputs = [fixture('http-server.json'), fixture('nginx-ebpf.json')];
    expect(
      inputs.every(
        (i) => i.observation.workload.kind === 'container' && i.observation.workload.baseline === 'docker-default',
      ),
    ).toBe(true);
    const ours = resolveProfile(generateProfile(inputs, defaultOptions).profile, context);
    for (const { abi, name, args } of observedCalls(inputs))
      for (const a of args) {
        expect(evaluate(ours, abi, name, a).action).toBe('SCMP_ACT_ALLOW');
        expect(evaluate(docker, abi, name, a).action, `${name} ran under docker-default`).toBe('SCMP_ACT_ALLOW');
      }
  });

  it('refuses partial observations unless allowed, with a hint', () => {
    const partial = fixture('shell-partial.json');
    expect(() => generateProfile([partial], defaultOptions)).toThrow(
      /shell-partial.json is partial \(complete: false: interrupted by SIGINT\)/,
    );
    const result = generateProfile([partial], { ...defaultOptions, allowPartial: true });
    expect(result.partialSources).toEqual(['shell-partial.json']);
    expect(result.profile.syscalls[0]!.comment).toMatch(/1 partial/);
  });

  it('refuses evidence without syscalls', () => {
    expect(() => generateProfile([{ label: 'empty.json', observation: observationOf({}) }], defaultOptions)).toThrow(
      /contain no syscalls/,
    );
  });

  it('is order-independent and idempotent: any permutation gives byte-identical text, again and again', () => {
    const expected = generateProfile(ALL, defaultOptions).text;
    fc.assert(
      fc.property(fc.shuffledSubarray(ALL, { minLength: ALL.length, maxLength: ALL.length }), (permuted) => {
        expect(generateProfile(permuted, defaultOptions).text).toBe(expected);
      }),
      { numRuns: 24 },
    );
    expect(generateProfile(ALL, defaultOptions).text).toBe(expected);
  });

  it('allows the same syscalls when an observation is repeated (set idempotence)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('read', 'write', 'openat', 'futex', 'mmap', 'clone'),
          fc.integer({ min: 1, max: 9 }),
          { minKeys: 1 },
        ),
        (counts) => {
          const one = { label: 'a.json', observation: observationOf({ SCMP_ARCH_X86_64: calls(counts) }) };
          const names = (inputs: LabelledObservation[]) =>
            generateProfile(inputs, defaultOptions).profile.syscalls.map((r) => [r.names, r.action, r.args]);
          expect(names([one, one])).toEqual(names([one]));
        },
      ),
    );
  });
});
