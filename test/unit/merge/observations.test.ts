import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { observationSchema, type Observation } from '../../../src/model/observation.js';
import { planMerge } from '../../../src/merge/plan.js';
import { ObservationUnion } from '../../../src/observation/union.js';
import { generateProfile } from '../../../src/generate/generate.js';
import { defaultOptions } from '../generate/fixtures.js';
import { mergeDocs, obsDoc, observation } from './arbitraries.js';

async function merged(list: readonly (readonly [string, Observation])[]): Promise<Observation> {
  const result = await mergeDocs(list.map(([path, o]) => obsDoc(path, o)));
  if (result.kind !== 'observation') throw new Error(result.kind);
  return result.observation;
}

const labelled = fc
  .array(observation, { minLength: 1, maxLength: 5 })
  .map((list) => list.map((o, i) => [`in${i}.json`, o] as const));

describe('merge of observations', () => {
  it('is a valid observation that lists every recording', async () => {
    await fc.assert(
      fc.asyncProperty(labelled, async (list) => {
        const out = await merged(list);
        expect(observationSchema.safeParse(out).success).toBe(true);
        const distinct = new Set(list.map(([, o]) => JSON.stringify(o)));
        expect(out.merged!.sources).toHaveLength(distinct.size);
      }),
      { numRuns: 60 },
    );
  });

  it('does not depend on the order of the inputs', async () => {
    await fc.assert(
      fc.asyncProperty(labelled, fc.context(), async (list, ctx) => {
        const shuffled = [...list].reverse();
        ctx.log(String(list.length));
        expect(await merged(shuffled)).toEqual(await merged(list));
      }),
      { numRuns: 60 },
    );
  });

  it('does not depend on grouping: merging a merge result equals merging the originals', async () => {
    await fc.assert(
      fc.asyncProperty(labelled, fc.integer({ min: 1, max: 4 }), async (list, cut) => {
        const head = list.slice(0, cut);
        const tail = list.slice(cut);
        const nested = await merged([['head.json', await merged(head)], ...tail]);
        expect(nested).toEqual(await merged(list));
      }),
      { numRuns: 60 },
    );
  });

  it('is idempotent: an input again, or a merge result with its own inputs, changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(labelled, async (list) => {
        const once = await merged(list);
        expect(await merged([...list, ...list])).toEqual(once);
        expect(await merged([['m.json', once], ...list])).toEqual(once);
        expect(await merged([['m.json', once]])).toEqual(once);
      }),
      { numRuns: 60 },
    );
  });

  it('sums counts over recordings and keeps provenance (hosts, workloads)', async () => {
    await fc.assert(
      fc.asyncProperty(labelled, async (list) => {
        const out = await merged(list);
        const distinct = [...new Map(list.map(([p, o]) => [JSON.stringify(o), [p, o] as const])).values()];
        const reads = distinct.reduce((n, [, o]) => n + (o.syscalls.SCMP_ARCH_X86_64?.exit_group?.count ?? 0), 0);
        expect(out.syscalls.SCMP_ARCH_X86_64!.exit_group!.count).toBe(reads);
        const hosts = new Set(distinct.flatMap(([, o]) => (o.host ? [o.host.name] : [])));
        expect(new Set(out.merged!.sources.flatMap((s) => (s.host ? [s.host.name] : [])))).toEqual(hosts);
        expect(out.merged!.sources.every((s) => s.image === 'app:1' && s.workload.startsWith('container app:1'))).toBe(
          true,
        );
        expect(out.complete).toBe(distinct.every(([, o]) => o.complete));
      }),
      { numRuns: 40 },
    );
  });
});

describe('merge refuses to mix', () => {
  const base = fc.sample(observation, 1)[0]!;
  const other = (patch: Partial<Observation>): Observation => ({ ...base, ...patch });

  it('different images, naming both, unless --force', async () => {
    const nginx = other({
      workload: { kind: 'container', image: 'nginx:1', dockerArgs: [], command: [], noNewPrivileges: false },
    });
    const docs = [obsDoc('app.json', base), obsDoc('nginx.json', nginx)];
    await expect(mergeDocs(docs)).rejects.toThrow(
      /different images: .*app\.json: app:1.*nginx\.json: nginx:1|different images: .*nginx\.json: nginx:1.*app\.json: app:1/,
    );
    const forced = await mergeDocs(docs, true);
    expect(forced.mixed[0]).toMatch(/different images/);
  });

  it('different architectures (the hosts the recordings ran on)', async () => {
    const arm = other({
      host: { name: 'pi', arch: 'SCMP_ARCH_AARCH64' },
      workload: base.workload,
      durationMs: base.durationMs + 1,
    });
    const x86 = other({ host: { name: 'pc', arch: 'SCMP_ARCH_X86_64' } });
    await expect(mergeDocs([obsDoc('arm.json', arm), obsDoc('x86.json', x86)])).rejects.toThrow(
      /different architectures: .*SCMP_ARCH_AARCH64/,
    );
  });
});

describe('planMerge', () => {
  it('skips inputs another already holds, and refuses partial overlaps', () => {
    expect(
      planMerge([
        { label: 'a', digests: ['1'] },
        { label: 'm', digests: ['1', '2'] },
      ]),
    ).toEqual({
      keep: [1],
      skipped: [{ label: 'a', coveredBy: 'm' }],
    });
    expect(() =>
      planMerge([
        { label: 'm1', digests: ['1', '2'] },
        { label: 'm2', digests: ['2', '3'] },
      ]),
    ).toThrow(InputError);
    expect(() =>
      planMerge([
        { label: 'm1', digests: ['1', '2'] },
        { label: 'm2', digests: ['2', '3'] },
      ]),
    ).toThrow(/m2 shares 1 of its 2 recordings with m1/);
  });
});

describe('ObservationUnion itself (no plan)', () => {
  it('folds in any order to the same result', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(observation, { minLength: 1, maxLength: 5, selector: (o) => JSON.stringify(o) }),
        (list) => {
          const fold = (order: readonly Observation[]) => {
            const union = new ObservationUnion();
            for (const o of order) union.add(o, `in${list.indexOf(o)}.json`);
            return union.result();
          };
          expect(fold([...list].reverse())).toEqual(fold(list));
          expect(fold([...list.slice(1), list[0]!])).toEqual(fold(list));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('generate from a merge result', () => {
  it('names the recordings the merge lists in its provenance, and allows what each saw', async () => {
    const [a, b] = fc.sample(observation, { numRuns: 2, seed: 7 });
    const out = await merged([
      ['a.obs.json', a!],
      ['b.obs.json', b!],
    ]);
    const result = generateProfile([{ label: 'merged.obs.json', observation: out }], {
      ...defaultOptions,
      allowPartial: true,
    });
    expect(result.profile.syscalls[0]!.comment).toMatch(
      /from 2 observation\(s\): .*a\.obs\.json.*b\.obs\.json|b\.obs\.json.*a\.obs\.json/,
    );
    const allowed = new Set(
      result.profile.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW').flatMap((r) => r.names),
    );
    for (const name of [...Object.keys(a!.syscalls.SCMP_ARCH_X86_64!), ...Object.keys(b!.syscalls.SCMP_ARCH_X86_64!)])
      if (name !== 'socket' && name !== 'clone') expect(allowed.has(name), name).toBe(true);
  });
});
