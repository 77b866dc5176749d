import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { diffPolicies, isEmptyDiff } from '../../../src/diff/diff.js';
import { renderKubernetes } from '../../../src/emit/kubernetes.js';
import { ociSeccomp } from '../../../src/emit/oci.js';
import { InputError } from '../../../src/errors.js';
import { generateProfile } from '../../../src/generate/generate.js';
import { withTempDir } from '../../../src/io/temp-dir.js';
import { lintAnyProfileText } from '../../../src/lint/kubernetes.js';
import { loadProfile, loadProfiles } from '../../../src/profile/load.js';
import { parseProfile } from '../../../src/profile/read.js';
import { defaultResolveContext, resolveProfile } from '../../../src/profile/resolve.js';
import { profilesOfStream } from '../../../src/profile/spo-profile.js';
import { isKubernetesText, parseSpoStream } from '../../../src/profile/spo-stream.js';
import { readReference, referencePath } from '../../helpers/reference.js';
import { defaultOptions, fixture } from '../generate/fixtures.js';

const context = defaultResolveContext();
const examples = readReference('spo-example-seccompprofile.yaml');
const security = { seccomp: { type: 'Localhost' as const, localhostProfile: 'operator/p.json' }, capAdd: [] };

function readAll(text: string, source = 'in.yaml') {
  return profilesOfStream(parseSpoStream(text, source), source);
}

/** `kubectl get seccompprofiles -o yaml`: a List of the objects, with the server's fields added. */
function asKubectlList(text: string): string {
  const items = readAll(text).map(({ object }) => ({
    apiVersion: object.apiVersion,
    kind: 'SeccompProfile',
    metadata: { name: object.name, resourceVersion: '4711', uid: 'b0c4' },
    spec: object.spec,
    status: { status: 'Installed', localhostProfile: `operator/${object.name}.json` },
  }));
  return stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } });
}

describe('reading SeccompProfile YAML', () => {
  it('tells Kubernetes objects from Docker profiles', () => {
    expect(isKubernetesText(examples)).toBe(true);
    expect(isKubernetesText(readReference('docker-default.json'))).toBe(false);
    expect(isKubernetesText('{"apiVersion": "security-profiles-operator.x-k8s.io/v1", "kind": "SeccompProfile"}')).toBe(
      true,
    );
    expect(isKubernetesText('{"defaultAction": "SCMP_ACT_ERRNO"')).toBe(false);
  });

  it('reads every object of a multi-document stream', () => {
    const profiles = readAll(examples);
    expect(profiles.map((p) => p.object.name)).toEqual([
      'profile-block-all',
      'profile-complain-unsafe',
      'profile-allow-unsafe',
      'profile-complain-block-high-risk',
    ]);
    expect(profiles[3]!.profile.syscalls.map((r) => r.action)).toEqual(['SCMP_ACT_ALLOW', 'SCMP_ACT_ERRNO']);
    expect(profiles[3]!.profile.architectures).toEqual(['SCMP_ARCH_X86_64']);
  });

  it('reads the List kubectl prints, with the same profiles', () => {
    const fromList = readAll(asKubectlList(examples));
    expect(fromList.map((p) => p.profile)).toEqual(readAll(examples).map((p) => p.profile));
    expect(fromList[1]!.object.specPath).toEqual(['items', 1, 'spec']);
  });

  it('reads one object given as JSON (kubectl -o json)', () => {
    const object = {
      apiVersion: 'security-profiles-operator.x-k8s.io/v1beta1',
      kind: 'SeccompProfile',
      metadata: { name: 'j' },
      spec: { defaultAction: 'SCMP_ACT_LOG' },
    };
    expect(readAll(JSON.stringify(object, null, 2))[0]!.profile.defaultAction).toBe('SCMP_ACT_LOG');
  });

  it('unions spec.baseProfileName from the same stream, as the operator does', () => {
    const base = readReference('spo-example-baseprofile-runc.yaml');
    const child = stringify({
      apiVersion: 'security-profiles-operator.x-k8s.io/v1',
      kind: 'SeccompProfile',
      metadata: { name: 'app' },
      spec: {
        defaultAction: 'SCMP_ACT_ERRNO',
        baseProfileName: 'runc-v1.4.2',
        syscalls: [{ action: 'SCMP_ACT_ALLOW', names: ['accept4'] }],
      },
    });
    const [, app] = readAll(`${base}---\n${child}`);
    const names = app!.profile.syscalls.flatMap((r) => r.names);
    expect(names).toContain('accept4');
    expect(names).toContain('execve');
    expect(() => readAll(child)).toThrow(/baseProfileName "runc-v1.4.2" is not in in.yaml/);
  });

  it.each([
    ['a YAML syntax error', 'apiVersion: x\nkind: [', /in.yaml: invalid YAML at 2:8: Flow sequence/],
    ['another kind', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', /ConfigMap v1 is not a SeccompProfile/],
    [
      'a SeccompProfile without a name',
      'apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\nspec: {defaultAction: SCMP_ACT_ERRNO}\n',
      /no metadata.name/,
    ],
    ['an empty List', 'apiVersion: v1\nkind: List\nitems: []\n', /no SeccompProfile in the stream/],
    [
      'an invalid spec',
      'apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\nmetadata: {name: bad}\nspec:\n  defaultAction: SCMP_ACT_NOPE\n',
      /in.yaml#bad: invalid profile at \/spec\/defaultAction \(5:18\)/,
    ],
  ])('rejects %s, naming where', (_label, text, message) => {
    const error = (() => {
      try {
        readAll(text);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it('skips the ProfileBinding seccompose writes beside the profile', () => {
    const text = renderKubernetes(
      { defaultAction: 'SCMP_ACT_ERRNO' },
      { name: 'p', binding: { image: '*' } },
      security,
    );
    const stream = parseSpoStream(text, 'k.yaml');
    expect(stream.objects.map((o) => o.name)).toEqual(['p']);
    expect(stream.skipped).toEqual(['ProfileBinding/p']);
  });
});

describe('round trip: emit --format kubernetes → read → diff shows no change', () => {
  const generated = generateProfile([fixture('http-server.json'), fixture('legacy-i386.json')], defaultOptions);
  const dockerDefault = parseProfile(readReference('docker-default.json'), 'docker-default.json');

  it.each([
    ['a generated profile', generated.profile],
    ["Docker's default (conditions resolved for the context)", dockerDefault],
  ])('%s', (_label, profile) => {
    const text = renderKubernetes(ociSeccomp(profile, context), { name: 'p' }, security);
    const [readBack] = readAll(text);
    const diff = diffPolicies(resolveProfile(profile, context), resolveProfile(readBack!.profile, context));
    expect(isEmptyDiff(diff), JSON.stringify(diff)).toBe(true);
  });
});

describe('loadProfile / loadProfiles with Kubernetes files', () => {
  it('needs #NAME for one profile of many, and names each object', async () => {
    const path = referencePath('spo-example-seccompprofile.yaml');
    await expect(loadProfile(path)).rejects.toThrow(/holds 4 SeccompProfiles .*; name one/);
    const one = await loadProfile(`${path}#profile-block-all`);
    expect(one.source).toBe(`${path}#profile-block-all`);
    expect(JSON.parse(one.text)).toEqual({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [] });
    await expect(loadProfile(`${path}#nope`)).rejects.toThrow(/no SeccompProfile named "nope"/);
    expect((await loadProfiles(path)).map((p) => p.source.split('#')[1])).toHaveLength(4);
  });

  it('refuses #NAME on a Docker profile, and reads a file whose name has a #', async () => {
    await expect(loadProfile(`${referencePath('docker-default.json')}#x`)).rejects.toThrow(/#x selects nothing/);
    await withTempDir('spo-load', async (dir) => {
      const path = join(dir, 'a#b.json');
      await writeFile(path, '{"defaultAction": "SCMP_ACT_ALLOW"}');
      expect((await loadProfile(path)).profile.defaultAction).toBe('SCMP_ACT_ALLOW');
    });
  });
});

describe('lint on SeccompProfile YAML', () => {
  it("points at the object's own lines and names it", () => {
    const findings = lintAnyProfileText(examples, 'ex.yaml', {});
    const stime = findings.find((f) => f.rule === 'unknown-syscall' && f.message.includes('"stime"'))!;
    expect(stime.message).toMatch(/^SeccompProfile profile-complain-block-high-risk: /);
    expect(examples.split('\n')[stime.line - 1]).toBe('    - stime');
    expect(stime.pointer).toMatch(/^\/spec\/syscalls\/1\/names\/\d+$/);
  });

  it('lints only the #NAME object when one is named', () => {
    const findings = lintAnyProfileText(examples, 'ex.yaml', {}, 'profile-block-all');
    expect(new Set(findings.map((f) => f.message.split(':')[0]))).toEqual(
      new Set(['SeccompProfile profile-block-all']),
    );
  });
});
