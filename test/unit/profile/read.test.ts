import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { ProfileInputError, checkProfileText, normalizeProfile, parseProfile } from '../../../src/profile/read.js';
import { locate } from '../../../src/profile/json-location.js';
import { readReference } from '../../helpers/reference.js';

function problemOf(text: string) {
  try {
    parseProfile(text, 'my.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileInputError);
    return error as ProfileInputError;
  }
  throw new Error('expected parseProfile to throw');
}

describe('parseProfile', () => {
  it('reads the Docker default profile into the modern form', () => {
    const profile = parseProfile(readReference('docker-default.json'), 'docker-default.json');
    expect(profile.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(profile.defaultErrnoRet).toBe(1);
    expect(profile.syscalls).toHaveLength(33);
    expect(profile.syscalls[0]?.names).toHaveLength(361);
    expect(profile.archMap?.find((e) => e.architecture === 'SCMP_ARCH_RISCV64')?.subArchitectures).toEqual([]);
  });

  it('turns legacy `name` into `names` and drops null or empty args', () => {
    const profile = parseProfile(readReference('moby-fixture-example.json'), 'example.json');
    for (const rule of profile.syscalls) {
      expect(rule.names).toHaveLength(1);
      expect(rule).not.toHaveProperty('name');
    }
    expect(profile.syscalls.filter((rule) => rule.args !== undefined)).toHaveLength(1);
    const nulls = parseProfile(
      '{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"name":"read","action":"SCMP_ACT_ERRNO","args":null}]}',
      'x',
    );
    expect(nulls.syscalls).toEqual([{ names: ['read'], action: 'SCMP_ACT_ERRNO' }]);
  });

  it.each([
    [0x00050001, 'SCMP_ACT_ERRNO', 1],
    [0x00050026, 'SCMP_ACT_ERRNO', 38],
    [0x7fff0000, 'SCMP_ACT_ALLOW', undefined],
    [0x80000000, 'SCMP_ACT_KILL_PROCESS', undefined],
    [0, 'SCMP_ACT_KILL', undefined],
    [0x7ff00005, 'SCMP_ACT_TRACE', 5],
  ])('decodes numeric action %i', (numeric, action, errnoRet) => {
    const profile = parseProfile(`{"defaultAction":${numeric},"syscalls":[{"names":["x"],"action":${numeric}}]}`, 'x');
    expect(profile.defaultAction).toBe(action);
    expect(profile.defaultErrnoRet).toBe(errnoRet);
    expect(profile.syscalls[0]?.action).toBe(action);
    expect(profile.syscalls[0]?.errnoRet).toBe(errnoRet);
  });

  it('rejects a rule with both name and names, naming pointer and line:column', () => {
    const text =
      '{\n  "defaultAction": "SCMP_ACT_ERRNO",\n  "syscalls": [\n    {"name": "a", "names": ["b"], "action": "SCMP_ACT_ALLOW"}\n  ]\n}\n';
    const error = problemOf(text);
    expect(error.message).toBe(
      'my.json: invalid profile at /syscalls/0 (4:5): rule has both "name" and "names"; keep only "names"',
    );
    expect(error.exitCode).toBe(2);
    expect(error.hint).toContain('seccompose lint my.json');
  });

  it('reports invalid JSON with line:column', () => {
    const error = problemOf('{\n  "defaultAction": "SCMP_ACT_ERRNO",\n  "syscalls": [,]\n}');
    expect(error.message).toMatch(/^my\.json: invalid JSON at 3:16: /);
    expect(error.problems[0]?.kind).toBe('invalid-json');
    expect(problemOf('').message).toBe('my.json: invalid JSON at 1:1: the input is empty');
    expect(problemOf('{"defaultAction": "SCMP_ACT_ERRNO",}').message).toMatch(/at 1:36/);
  });

  it('reports schema violations with pointer, position and the value received', () => {
    const text =
      '{\n  "defaultAction": "SCMP_ACT_ERRNO",\n  "syscalls": [\n    {"names": ["read"], "action": "SCMP_ACT_NOPE"}\n  ]\n}';
    const error = problemOf(text);
    expect(error.message).toContain('/syscalls/0/action (4:25)');
    expect(error.message).toContain('"SCMP_ACT_NOPE"');
    const arch = problemOf('{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_Z80"]}');
    expect(arch.message).toContain('/architectures/0');
    expect(problemOf('[]').message).toMatch(/at 1:1: expected object/);
  });

  it('rejects unknown numeric actions and errno conflicts', () => {
    expect(problemOf('{"defaultAction": 12345}').message).toContain('unknown numeric action 12345');
    expect(problemOf('{"defaultAction": 327681, "defaultErrnoRet": 2}').message).toContain(
      'errno 1 but errnoRet says 2',
    );
  });

  it('collects several problems without throwing', () => {
    const { profile, problems } = checkProfileText('{"defaultAction":"X","syscalls":[{"action":"Y"}]}');
    expect(profile).toBeUndefined();
    expect(problems.length).toBeGreaterThanOrEqual(2);
  });

  it('normalizeProfile throws InputError on a bad raw profile', () => {
    expect(() =>
      normalizeProfile({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ action: 'SCMP_ACT_ALLOW' }] }),
    ).toThrow(InputError);
  });
});

describe('locate', () => {
  const text = '{\n  "a": [1, {"b~/c": true}],\n  "d": 2\n}';
  it('finds values by JSON pointer, with escapes, and falls back to the nearest ancestor', () => {
    expect(locate(text, '')).toEqual({ line: 1, column: 1 });
    expect(locate(text, '/a')).toEqual({ line: 2, column: 3 });
    expect(locate(text, '/a/1/b~0~1c')).toEqual({ line: 2, column: 13 });
    expect(locate(text, '/d')).toEqual({ line: 3, column: 3 });
    expect(locate(text, '/a/7')).toEqual({ line: 2, column: 3 });
  });
});
