import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeObservations, observedAbis } from '../../../src/observation/merge.js';
import { MAX_ARG_VALUES, observationSchema } from '../../../src/model/observation.js';
import { fixture, fixtureNames } from '../generate/fixtures.js';
import { calls, observationOf } from '../../helpers/observation.js';

describe('observation fixtures', () => {
  it.each(fixtureNames)('%s is a valid observation', (name) => {
    expect(observationSchema.safeParse(fixture(name).observation).success).toBe(true);
  });
});

describe('mergeObservations', () => {
  it('sums counts per ABI and remembers how many calls each observation saw', () => {
    const a = { label: 'a.json', observation: observationOf({ SCMP_ARCH_X86_64: calls({ read: 3, write: 1 }) }) };
    const b = {
      label: 'b.json',
      observation: observationOf({ SCMP_ARCH_X86_64: calls({ read: 2 }), SCMP_ARCH_X86: calls({ read: 7 }) }),
    };
    const merged = mergeObservations([a, b]);
    expect(merged.syscalls.SCMP_ARCH_X86_64!.read).toEqual({
      count: 5,
      errors: 0,
      sources: { 'a.json': 3, 'b.json': 2 },
    });
    expect(merged.syscalls.SCMP_ARCH_X86!.read!.sources).toEqual({ 'b.json': 7 });
    expect(observedAbis(merged)).toEqual(['SCMP_ARCH_X86', 'SCMP_ARCH_X86_64']);
  });

  it('unions argument values and marks the union truncated past the cap', () => {
    const values = (from: number) => Array.from({ length: 40 }, (_, i) => from + i);
    const a = observationOf({}, { args: { socket: { '0': { values: values(0), truncated: false } } } });
    const b = observationOf({}, { args: { socket: { '0': { values: values(40), truncated: false } } } });
    const merged = mergeObservations([
      { label: 'a', observation: a },
      { label: 'b', observation: b },
    ]);
    expect(merged.args.socket!['0']!.values).toHaveLength(MAX_ARG_VALUES);
    expect(merged.args.socket!['0']!.truncated).toBe(true);
  });

  it('marks values unknown when another observation made the call without decoding them', () => {
    const decoded = observationOf(
      { SCMP_ARCH_X86_64: calls({ socket: 1 }) },
      { args: { socket: { '0': { values: [2], truncated: false } } } },
    );
    const undecoded = observationOf({ SCMP_ARCH_X86_64: calls({ socket: 1 }) });
    const merged = mergeObservations([
      { label: 'a', observation: decoded },
      { label: 'b', observation: undecoded },
    ]);
    expect(merged.args.socket!['0']).toEqual({ values: [2], truncated: true });
    const unrelated = observationOf({ SCMP_ARCH_X86_64: calls({ read: 1 }) });
    expect(
      mergeObservations([
        { label: 'a', observation: decoded },
        { label: 'c', observation: unrelated },
      ]).args.socket!['0']!.truncated,
    ).toBe(false);
  });

  it('keeps runtime syscalls apart from the workload, with their source', () => {
    const merged = mergeObservations([fixture('http-server.json')]);
    expect(merged.runtime.SCMP_ARCH_X86_64!.capset).toEqual(['runc 1.1.5 (audit, no-op container)']);
    expect(merged.syscalls.SCMP_ARCH_X86_64!.capset).toBeUndefined();
  });

  const names = fc.constantFrom('read', 'write', 'openat', 'close', 'mmap', 'futex', 'socket', 'clone');
  const abi = fc.constantFrom('SCMP_ARCH_X86_64' as const, 'SCMP_ARCH_X86' as const);
  const arbObservation = fc
    .record({
      abi,
      counts: fc.dictionary(names, fc.integer({ min: 1, max: 50 })),
      ports: fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 3 }),
      socketFamilies: fc.array(fc.integer({ min: 0, max: 45 }), { maxLength: 4 }),
    })
    .map(({ abi: arch, counts, ports, socketFamilies }) =>
      observationOf(
        { [arch]: calls(counts) },
        {
          bindPorts: [...new Set(ports)].sort((x, y) => x - y),
          args: { socket: { '0': { values: [...new Set(socketFamilies)], truncated: false } } },
        },
      ),
    );
  const labelled = fc.record({ label: fc.constantFrom('a.json', 'b.json', 'c.json'), observation: arbObservation });

  it('is commutative', () => {
    fc.assert(
      fc.property(labelled, labelled, (a, b) => {
        expect(mergeObservations([a, b])).toEqual(mergeObservations([b, a]));
      }),
    );
  });

  it('gives the same evidence, key order included, for any order of many observations', () => {
    fc.assert(
      fc.property(fc.array(labelled, { minLength: 1, maxLength: 5 }), fc.nat(), (list, shift) => {
        const rotated = list.map((_, i) => list[(i + shift) % list.length]!).reverse();
        expect(JSON.stringify(mergeObservations(rotated))).toBe(JSON.stringify(mergeObservations(list)));
      }),
    );
  });
});
