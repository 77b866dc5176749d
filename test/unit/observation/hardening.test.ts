import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../src/model/observation.js';
import { hardeningOf } from '../../../src/observation/hardening.js';
import { observationOf } from '../../helpers/observation.js';

const container = (dockerArgs: string[]): Observation =>
  observationOf(
    {},
    { workload: { kind: 'container', image: 'web:1', dockerArgs, command: [], noNewPrivileges: false } },
  );

describe('hardeningOf: what the recorded docker run enforced that Kubernetes can enforce too', () => {
  it.each([
    [['--rm'], { readOnlyRootFilesystem: false, notes: [] }],
    [
      ['--read-only', '--user', '1000:1000'],
      { readOnlyRootFilesystem: true, runAsUser: 1000, runAsGroup: 1000, notes: [] },
    ],
    [['--read-only=true', '--user=101'], { readOnlyRootFilesystem: true, runAsUser: 101, notes: [] }],
    [['-u1000'], { readOnlyRootFilesystem: false, runAsUser: 1000, notes: [] }],
    [['-u', '0'], { readOnlyRootFilesystem: false, notes: [] }],
    [
      ['--user', 'nginx'],
      {
        readOnlyRootFilesystem: false,
        notes: [expect.stringMatching(/user "nginx", a name; Kubernetes needs a numeric uid/)],
      },
    ],
  ])('%j', (args, expected) => {
    expect(hardeningOf([container(args)])).toEqual(expected);
  });

  it('claims only what every recording shows', () => {
    const h = hardeningOf([container(['--read-only', '-u', '1000']), container(['-u', '1001'])])!;
    expect(h.readOnlyRootFilesystem).toBe(false);
    expect(h.runAsUser).toBeUndefined();
    expect(h.notes).toEqual([
      'readOnlyRootFilesystem left out: only some recordings ran with --read-only',
      'runAsUser left out: the recordings ran as different users (1000, 1001)',
    ]);
  });

  it('says nothing for host commands', () => {
    expect(hardeningOf([observationOf({})])).toBeUndefined();
  });
});
