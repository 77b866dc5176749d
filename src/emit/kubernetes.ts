import { stringify } from 'yaml';
import { InputError } from '../errors.js';
import type { SeccompArch } from '../model/profile.js';
import type { OciSeccomp } from './oci.js';
import { renderSecurityContextComment, type ContainerSecurity } from './pod-security.js';

/** The operator's API group/version of SeccompProfile (the CRD's storage version). */
export const SPO_API_VERSION = 'security-profiles-operator.x-k8s.io/v1';
/**
 * SeccompProfile is cluster-scoped: the CRD (deploy/base-crds/crds/seccompprofile.yaml, SPO
 * `+kubebuilder:resource:scope=Cluster`) declares `scope: Cluster`, one scope for v1 and v1beta1.
 * So its metadata never carries a namespace (test/unit/emit/kubernetes.test.ts checks the CRD).
 */
export const SECCOMP_PROFILE_SCOPE = 'Cluster';
/** ProfileBinding's API version (storage) and scope, from deploy/base-crds/crds/profilebinding.yaml. */
export const PROFILE_BINDING_API_VERSION = 'security-profiles-operator.x-k8s.io/v1';
export const PROFILE_BINDING_SCOPE = 'Namespaced';
/** Arches the CRD's enum lacks (SPO spec.architectures), so a CR naming them is rejected. */
const SPO_MISSING_ARCHES: readonly SeccompArch[] = [
  'SCMP_ARCH_LOONGARCH64',
  'SCMP_ARCH_M68K',
  'SCMP_ARCH_SH',
  'SCMP_ARCH_SHEB',
];
/** spec.syscalls[].args[].value/valueTwo are int64 ≥ 0 in the CRD. */
const INT64_MAX = 2n ** 63n - 1n;
const EPERM = 1;

/** A ProfileBinding: the operator's webhook sets the profile on pods of `namespace` running `image`. */
export interface BindingTarget {
  image: string;
  /** Omitted: the namespace `kubectl apply` uses. */
  namespace?: string;
}

/** What names the SeccompProfile, and optionally what binds it to pods. */
export interface KubernetesTarget {
  name: string;
  description?: string;
  binding?: BindingTarget;
}

/**
 * The path pods give as `localhostProfile`: the operator writes `<name>.json` below
 * `<kubelet seccomp root>/operator/<namespace>` (SPO GetProfilePath: path.Join(root,
 * Base(namespace), name+".json")); a cluster-scoped profile has no namespace, so `operator/<name>.json`.
 */
export function localhostProfilePath(name: string): string {
  return `operator/${name.endsWith('.json') ? name : `${name}.json`}`;
}

/** The CR's spec from a plain OCI seccomp object, refusing what the CRD cannot express. */
export function spoSpec(seccomp: OciSeccomp): Record<string, unknown> {
  if (seccomp.defaultErrnoRet !== undefined && seccomp.defaultErrnoRet !== EPERM)
    throw new InputError(
      `the profile's defaultErrnoRet ${seccomp.defaultErrnoRet} cannot be written to a SeccompProfile (the CRD has no defaultErrnoRet; runtimes default to EPERM)`,
      {
        hint: 'generate the profile with the default --errno EPERM, or use --format oci',
      },
    );
  const bad = (seccomp.architectures ?? []).filter((a) => SPO_MISSING_ARCHES.includes(a as SeccompArch));
  if (bad.length > 0)
    throw new InputError(`the SeccompProfile CRD does not accept architecture(s) ${bad.join(', ')}`, {
      hint: 'generate for another --arch',
    });
  for (const rule of seccomp.syscalls ?? [])
    for (const arg of rule.args ?? [])
      for (const v of [arg.value, arg.valueTwo])
        if (v !== undefined && BigInt(typeof v === 'bigint' ? v : Math.trunc(v)) > INT64_MAX)
          throw new InputError(`argument value ${v} of ${rule.names.join(',')} exceeds the CRD's int64 limit`, {
            hint: 'use --format oci for this profile',
          });
  const { defaultErrnoRet: _ignored, ...spec } = seccomp;
  return spec;
}

/** The SeccompProfile object (cluster-scoped: no metadata.namespace). */
export function seccompProfileObject(seccomp: OciSeccomp, target: KubernetesTarget): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name: target.name };
  if (target.description) metadata.annotations = { description: target.description };
  return { apiVersion: SPO_API_VERSION, kind: 'SeccompProfile', metadata, spec: spoSpec(seccomp) };
}

/** The ProfileBinding that makes the operator's webhook put the profile on matching containers. */
export function profileBindingObject(name: string, binding: BindingTarget): Record<string, unknown> {
  return {
    apiVersion: PROFILE_BINDING_API_VERSION,
    kind: 'ProfileBinding',
    metadata: { name, ...(binding.namespace ? { namespace: binding.namespace } : {}) },
    spec: { image: binding.image, profileRef: { kind: 'SeccompProfile', name } },
  };
}

/**
 * A SeccompProfile custom resource for the security-profiles-operator, then the ProfileBinding
 * when asked for, then (as YAML comments, so that `kubectl apply -f` takes the file as is) the
 * container securityContext that uses it.
 */
export function renderKubernetes(seccomp: OciSeccomp, target: KubernetesTarget, security: ContainerSecurity): string {
  const documents = [seccompProfileObject(seccomp, target)];
  if (target.binding) documents.push(profileBindingObject(target.name, target.binding));
  const yaml = documents.map((doc) => stringify(doc, { lineWidth: 0 })).join('---\n');
  return `${yaml}${renderSecurityContextComment(security)}`;
}
