import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { dns1123LabelProblem, dns1123SubdomainProblem, toDns1123Name } from '../../../src/emit/dns-names.js';
import {
  localhostProfilePath,
  PROFILE_BINDING_API_VERSION,
  PROFILE_BINDING_SCOPE,
  renderKubernetes,
  SECCOMP_PROFILE_SCOPE,
  SPO_API_VERSION,
  spoSpec,
} from '../../../src/emit/kubernetes.js';
import { ociSeccomp } from '../../../src/emit/oci.js';
import { containerSecurityContext, renderPodSecurity } from '../../../src/emit/pod-security.js';
import { generateProfile } from '../../../src/generate/generate.js';
import { parseProfile } from '../../../src/profile/read.js';
import { defaultResolveContext } from '../../../src/profile/resolve.js';
import { crdValidator, readCrd, securityContextValidator } from '../../helpers/kubernetes-schemas.js';
import { readReference } from '../../helpers/reference.js';
import { defaultOptions, fixture } from '../generate/fixtures.js';

const generated = generateProfile([fixture('http-server.json'), fixture('legacy-i386.json')], defaultOptions);
const dockerDefault = parseProfile(readReference('docker-default.json'), 'docker-default.json');
const context = defaultResolveContext();
const seccompProfileCrd = 'spo-crd-seccompprofile.yaml';
const bindingCrd = 'spo-crd-profilebinding.yaml';
const security = {
  seccomp: { type: 'Localhost' as const, localhostProfile: 'operator/web.json' },
  capAdd: ['CAP_NET_BIND_SERVICE'],
};

describe('the CRDs in the reference data decide scope and version', () => {
  it.each([
    [seccompProfileCrd, SECCOMP_PROFILE_SCOPE, SPO_API_VERSION],
    [bindingCrd, PROFILE_BINDING_SCOPE, PROFILE_BINDING_API_VERSION],
  ])('%s: the emitter uses its scope and its storage version', (file, scope, apiVersion) => {
    const crd = readCrd(file);
    expect(crd.scope).toBe(scope);
    const storage = crd.versions.find((v) => v.storage)!;
    expect(`${crd.group}/${storage.name}`).toBe(apiVersion);
  });

  it('SeccompProfile has one scope for every served version (a CRD has one spec.scope)', () => {
    expect(
      readCrd(seccompProfileCrd)
        .versions.filter((v) => v.served)
        .map((v) => v.name),
    ).toEqual(['v1', 'v1beta1']);
  });
});

describe('emit --format kubernetes', () => {
  const validateProfile = crdValidator(seccompProfileCrd, 'v1');
  const validateBinding = crdValidator(bindingCrd, 'v1');

  it('writes a cluster-scoped SeccompProfile and a ProfileBinding, each valid against its CRD', () => {
    const text = renderKubernetes(
      ociSeccomp(generated.profile, context),
      { name: 'web', description: 'test', binding: { image: 'nginx:1.27', namespace: 'shop' } },
      security,
    );
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    expect(docs).toHaveLength(2);
    const [profile, binding] = docs;
    expect(profile.metadata).toEqual({ name: 'web', annotations: { description: 'test' } });
    expect(validateProfile(profile), JSON.stringify(validateProfile.errors)).toBe(true);
    expect(binding).toEqual({
      apiVersion: PROFILE_BINDING_API_VERSION,
      kind: 'ProfileBinding',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { image: 'nginx:1.27', profileRef: { kind: 'SeccompProfile', name: 'web' } },
    });
    expect(validateBinding(binding), JSON.stringify(validateBinding.errors)).toBe(true);
    // The other served version (v1beta1, the same schema) accepts the same spec.
    const v1beta1 = crdValidator(seccompProfileCrd, 'v1beta1');
    expect(v1beta1({ ...profile, apiVersion: 'security-profiles-operator.x-k8s.io/v1beta1' })).toBe(true);
  });

  it('appends the securityContext as comments, valid against the Kubernetes schema', () => {
    const text = renderKubernetes(ociSeccomp(generated.profile, context), { name: 'web' }, security);
    const snippet = parse(
      text
        .split('\n')
        .filter((l) => l.startsWith('#   '))
        .map((l) => l.slice(4))
        .join('\n'),
    );
    expect(snippet.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      seccompProfile: { type: 'Localhost', localhostProfile: 'operator/web.json' },
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
    });
    const validate = securityContextValidator();
    expect(validate(snippet.securityContext), JSON.stringify(validate.errors)).toBe(true);
  });

  it("validates Docker's default too, and the schemas really check (negative controls)", () => {
    const object = (spec: unknown) => ({
      apiVersion: SPO_API_VERSION,
      kind: 'SeccompProfile',
      metadata: { name: 'x' },
      spec,
    });
    expect(validateProfile(object(spoSpec(ociSeccomp(dockerDefault, context))))).toBe(true);
    expect(
      validateProfile(object({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: [], action: 'SCMP_ACT_ALLOW' }] })),
    ).toBe(false);
    expect(validateProfile(object({ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1 }))).toBe(false);
    expect(
      validateProfile(
        object({
          defaultAction: 'SCMP_ACT_ERRNO',
          syscalls: [
            { names: ['x'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2 ** 64, op: 'SCMP_CMP_EQ' }] },
          ],
        }),
      ),
    ).toBe(false);
    expect(
      validateBinding({ apiVersion: PROFILE_BINDING_API_VERSION, kind: 'ProfileBinding', spec: { image: 'x' } }),
    ).toBe(false);
    expect(securityContextValidator()({ capabilities: { drop: 'ALL' } })).toBe(false);
    expect(securityContextValidator()({ seccompProfile: { localhostProfile: 'x' } })).toBe(false);
  });

  it('puts cluster-scoped profiles at operator/<name>.json, as the operator does', () => {
    expect(localhostProfilePath('web')).toBe('operator/web.json');
    expect(localhostProfilePath('web.json')).toBe('operator/web.json');
  });

  it('refuses what the CRD cannot express', () => {
    expect(() => spoSpec({ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 38 })).toThrow(/no defaultErrnoRet/);
    expect(() => spoSpec({ defaultAction: 'SCMP_ACT_ERRNO', architectures: ['SCMP_ARCH_LOONGARCH64'] })).toThrow(
      /LOONGARCH64/,
    );
    expect(() =>
      spoSpec({
        defaultAction: 'SCMP_ACT_ERRNO',
        syscalls: [
          { names: ['x'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2 ** 64 - 1, op: 'SCMP_CMP_EQ' }] },
        ],
      }),
    ).toThrow(/int64/);
  });
});

describe('emit --format pod-security', () => {
  const validate = securityContextValidator();

  it.each([
    ['no hardening evidence', undefined, {}],
    [
      'read-only root and a numeric user',
      { readOnlyRootFilesystem: true, runAsUser: 1000, runAsGroup: 1000, notes: [] },
      { readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000 },
    ],
  ])('%s: a securityContext the Kubernetes schema accepts', (_label, hardening, extra) => {
    const context = containerSecurityContext({ ...security, ...(hardening ? { hardening } : {}) });
    expect(context).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
      seccompProfile: { type: 'Localhost', localhostProfile: 'operator/web.json' },
      ...extra,
    });
    expect(validate(context), JSON.stringify(validate.errors)).toBe(true);
  });

  it('renders YAML with a header saying where it goes, and the evidence notes', () => {
    const text = renderPodSecurity({
      ...security,
      hardening: { readOnlyRootFilesystem: false, notes: ['runAsNonRoot left out: a name'] },
    });
    expect(text).toMatch(/^# Generated by seccompose: .*Pod \(spec\.containers\[\]\)/);
    expect(text).toContain('# runAsNonRoot left out: a name');
    expect(validate(parse(text).securityContext)).toBe(true);
  });
});

describe('DNS-1123 names', () => {
  it.each(['web', 'shop-web', 'a', 'web.v2', 'x'.repeat(63)])('%s is a valid object name', (name) => {
    expect(dns1123SubdomainProblem(name)).toBeUndefined();
  });
  it.each(['', 'Web', 'web_1', '-web', 'web-', 'a..b', 'x'.repeat(254)])('%j is not', (name) => {
    expect(dns1123SubdomainProblem(name)).toBeDefined();
  });
  it('namespaces are labels: no dots, at most 63', () => {
    expect(dns1123LabelProblem('shop')).toBeUndefined();
    expect(dns1123LabelProblem('shop.prod')).toBeDefined();
    expect(dns1123LabelProblem('x'.repeat(64))).toMatch(/64 characters/);
  });
  it('makes names from file names', () => {
    expect(toDns1123Name('My_Web Profile', 'fallback')).toBe('my-web-profile');
    expect(toDns1123Name('___', 'fallback')).toBe('fallback');
  });
});
