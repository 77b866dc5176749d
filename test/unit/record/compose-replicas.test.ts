import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../src/model/observation.js';
import type { ServiceRecording } from '../../../src/record/compose-observation.js';
import { mergeReplicas } from '../../../src/record/compose-replicas.js';
import { observationOf } from '../../helpers/observation.js';

function recording(service: string, replica: number, calls: Record<string, number>, dirs: string[]): ServiceRecording {
  const base = observationOf(
    Object.fromEntries([
      [
        'SCMP_ARCH_X86_64',
        Object.fromEntries(Object.entries(calls).map(([n, count]) => [n, { count, errors: 0, firstSeen: 0 }])),
      ],
    ]),
  );
  const observation: Observation = {
    ...base,
    durationMs: 1000 * replica,
    workload: {
      kind: 'container',
      image: 'img:1',
      dockerArgs: [],
      command: [],
      noNewPrivileges: true,
      compose: { project: 'p', files: ['/c.yaml'], service, replica, user: '' },
    },
    writes: { source: 'docker diff', dirs: dirs.map((path) => ({ path, imageEntries: 0 })), modifiedImageFiles: [] },
  };
  return {
    service,
    replica,
    container: { name: `p_${service}_${replica}`, id: `${service}${replica}`.padEnd(64, '0') },
    observation,
  };
}

describe('mergeReplicas', () => {
  const merged = mergeReplicas([
    recording('api', 2, { read: 3, sendmmsg: 1 }, ['/run']),
    recording('api', 1, { read: 2, write: 1 }, ['/tmp']),
    recording('cache', 1, { read: 7 }, []),
  ]);

  it('gives one observation per service, listing every container it merged', () => {
    expect(merged.map((m) => m.service)).toEqual(['api', 'cache']);
    const api = merged[0]!.observation;
    const compose = api.workload.kind === 'container' ? api.workload.compose : undefined;
    expect(compose?.replica).toBe(1);
    expect(compose?.containers).toEqual([
      { replica: 1, name: 'p_api_1', id: 'api1'.padEnd(64, '0') },
      { replica: 2, name: 'p_api_2', id: 'api2'.padEnd(64, '0') },
    ]);
    expect(api.merged?.sources.map((s) => s.label).sort()).toEqual(['api replica 1', 'api replica 2']);
  });

  it('sums both replicas calls, unions where they wrote, and takes the longest run (they ran side by side)', () => {
    const api = merged[0]!.observation;
    expect(api.syscalls.SCMP_ARCH_X86_64).toMatchObject({
      read: { count: 5 },
      sendmmsg: { count: 1 },
      write: { count: 1 },
    });
    expect(api.writes?.dirs.map((d) => d.path)).toEqual(['/run', '/tmp']);
    expect(api.durationMs).toBe(2000);
  });

  it('leaves a single container as recorded, with its container listed', () => {
    const cache = merged[1]!.observation;
    expect(cache.merged).toBeUndefined();
    expect(cache.syscalls.SCMP_ARCH_X86_64?.read?.count).toBe(7);
    expect(cache.workload.kind === 'container' && cache.workload.compose?.containers).toEqual([
      { replica: 1, name: 'p_cache_1', id: 'cache1'.padEnd(64, '0') },
    ]);
  });
});
