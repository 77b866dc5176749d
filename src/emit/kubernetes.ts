import { stringify } from 'yaml';
import { InputError } from '../errors.js';
import type { SeccompArch } from '../model/profile.js';
import { bareCapabilities } from './capability-names.js';
import type { OciSeccomp } from './oci.js';

/** The operator's API group/version and kind (security-profiles-operator deploy/base-crds). */
export const SPO_API_VERSION = 'security-profiles-operator.x-k8s.io/v1';
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

/** What names the CR and where the operator installs it. */
export interface KubernetesTarget {
  name: string;
  /** Omitted: a cluster-scoped SeccompProfile (the CRD's current scope). */
  namespace?: string;
  description?: string;
}

/**
 * The path pods give as `localhostProfile`: the operator writes `operator/<namespace>/<name>.json`
 * below the kubelet's seccomp root (SPO GetProfilePath: path.Join(root, Base(ns), name+".json"),
 * so a cluster-scoped profile, namespace "", lands at `operator/<name>.json`).
 */
export function localhostProfilePath(target: KubernetesTarget): string {
  const file = target.name.endsWith('.json') ? target.name : `${target.name}.json`;
  return target.namespace ? `operator/${target.namespace}/${file}` : `operator/${file}`;
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

/** The pod/container securityContext that uses the installed profile and the capability set. */
export function securityContext(target: KubernetesTarget, capAdd: readonly string[]): Record<string, unknown> {
  const add = bareCapabilities(capAdd);
  return {
    securityContext: {
      allowPrivilegeEscalation: false,
      seccompProfile: { type: 'Localhost', localhostProfile: localhostProfilePath(target) },
      capabilities: { drop: ['ALL'], ...(add.length > 0 ? { add } : {}) },
    },
  };
}

/**
 * A SeccompProfile custom resource for the security-profiles-operator, followed (as YAML
 * comments, so that `kubectl apply -f` takes the file as is) by the container securityContext.
 */
export function renderKubernetes(seccomp: OciSeccomp, target: KubernetesTarget, capAdd: readonly string[]): string {
  const metadata: Record<string, unknown> = { name: target.name };
  if (target.namespace) metadata.namespace = target.namespace;
  if (target.description) metadata.annotations = { description: target.description };
  const cr = stringify(
    { apiVersion: SPO_API_VERSION, kind: 'SeccompProfile', metadata, spec: spoSpec(seccomp) },
    { lineWidth: 0 },
  );
  const snippet = stringify(securityContext(target, capAdd), { lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((line) => `#   ${line}`)
    .join('\n');
  return `${cr}# Use it from the container spec (containers[].securityContext):\n${snippet}\n`;
}
