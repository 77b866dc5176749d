import { describe, expect, it } from 'vitest';
import { parseComposeConfig } from '../../../src/workload/compose-config.js';

const replicas = (service: string) =>
  parseComposeConfig(
    JSON.stringify({
      services: {
        plain: { image: 'x' },
        scaled: { image: 'x', scale: 3 },
        deployed: { image: 'x', deploy: { replicas: 2 } },
        capped: { image: 'x', deploy: { replicas: 4, placement: { max_replicas_per_node: 2 } } },
        none: { image: 'x', deploy: { replicas: 0 } },
      },
    }),
    'compose.yaml',
  ).get(service)?.replicas;

describe('parseComposeConfig: replicas', () => {
  it('reads scale and deploy.replicas as compose 1.29 and v2 do (at most max_replicas_per_node on one node)', () => {
    expect(replicas('plain')).toBe(1);
    expect(replicas('scaled')).toBe(3);
    expect(replicas('deployed')).toBe(2);
    expect(replicas('capped')).toBe(2);
    expect(replicas('none')).toBe(0);
  });
});
