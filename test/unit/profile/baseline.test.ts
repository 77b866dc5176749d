import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDockerBaseline } from '../../../scripts/gen-docker-baseline.js';
import { withTempDir } from '../../../src/io/temp-dir.js';
import { loadProfile } from '../../../src/profile/load.js';
import { referencePath, readReference } from '../../helpers/reference.js';
import { repoRoot } from '../../helpers/cli.js';

type Json = Record<string, unknown>;

const nonEmpty = (value: unknown) =>
  value !== undefined &&
  value !== null &&
  value !== '' &&
  !(Array.isArray(value) && value.length === 0) &&
  !(typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);

/** An independent reading of a moby rule: sorted names, set-like lists sorted, "no condition" values dropped. */
function ruleMeaning(rule: Json): Json {
  const names = (rule.names as string[] | undefined) ?? [rule.name as string];
  const filter = (f: unknown) => {
    if (!nonEmpty(f)) return undefined;
    const out = Object.fromEntries(
      Object.entries(f as Json)
        .filter(([, v]) => nonEmpty(v))
        .map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]),
    );
    return Object.keys(out).length > 0 ? out : undefined;
  };
  return {
    names: [...new Set(names)].sort(),
    action: rule.action,
    errnoRet: rule.errnoRet,
    args: nonEmpty(rule.args) ? rule.args : undefined,
    includes: filter(rule.includes),
    excludes: filter(rule.excludes),
  };
}

function profileMeaning(profile: Json): Json {
  return {
    defaultAction: profile.defaultAction,
    defaultErrnoRet: profile.defaultErrnoRet,
    archMap: (profile.archMap as Json[]).map((e) => ({
      architecture: e.architecture,
      subArchitectures: e.subArchitectures ?? [],
    })),
    syscalls: (profile.syscalls as Json[]).map(ruleMeaning),
  };
}

const shipped = readFileSync(join(repoRoot, 'profiles', 'docker-default.json'), 'utf8');

describe('profiles/docker-default.json', () => {
  it("means the same as moby/profiles v0.2.3's default.json: same rules, same order", () => {
    const anchor = JSON.parse(readReference('docker-default.json')) as Json;
    const ours = JSON.parse(shipped) as Json;
    expect(Object.keys(ours)).toEqual(['defaultAction', 'defaultErrnoRet', 'archMap', 'syscalls']);
    expect(profileMeaning(ours)).toEqual(profileMeaning(anchor));
    expect((ours.syscalls as Json[]).length).toBe(33);
  });

  it('is what the generator writes, byte for byte, every time', async () => {
    await withTempDir('baseline-test', async (dir) => {
      generateDockerBaseline(referencePath('docker-default.json'), join(dir, 'a'));
      generateDockerBaseline(referencePath('docker-default.json'), join(dir, 'b'));
      for (const file of ['docker-default.json', 'docker-default.meta.json']) {
        const a = readFileSync(join(dir, 'a', file), 'utf8');
        expect(readFileSync(join(dir, 'b', file), 'utf8')).toBe(a);
        expect(readFileSync(join(repoRoot, 'profiles', file), 'utf8')).toBe(a);
      }
    });
  });

  it('records its provenance: moby/profiles v0.2.3 for Docker 29.4.3-29.7.2', () => {
    const meta = JSON.parse(readFileSync(join(repoRoot, 'profiles', 'docker-default.meta.json'), 'utf8')) as Json;
    expect(meta.mobyProfilesVersion).toBe('v0.2.3');
    expect(meta.dockerVersions).toBe('29.4.3-29.7.2');
    expect((meta.source as Json).gitBlob).toMatch(/^ea5a494a/);
  });

  it('refuses an input that is not the pinned upstream file', async () => {
    await withTempDir('baseline-test', async (dir) => {
      expect(() => generateDockerBaseline(referencePath('docker-default-profiles-v0.1.0.json'), dir)).toThrow(
        /not moby\/profiles seccomp\/v0\.2\.3/,
      );
    });
  });

  it('loads by the name docker-default', async () => {
    const fromSrc = await loadProfile('docker-default');
    expect(fromSrc.source).toBe('docker-default');
    expect(fromSrc.text).toBe(shipped);
  });
});
