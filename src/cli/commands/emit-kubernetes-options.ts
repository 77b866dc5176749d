import { basename } from 'node:path';
import { dns1123LabelProblem, dns1123SubdomainProblem, toDns1123Name } from '../../emit/dns-names.js';
import type { BindingTarget } from '../../emit/kubernetes.js';
import { UsageError } from '../../errors.js';

/** The Kubernetes flags of `emit`. */
export interface KubernetesFlags {
  format: string;
  name?: string;
  namespace?: string;
  bindImage?: string;
  localhostProfile?: string;
}

/** The name used when none is given and the file name yields none (stdin). */
export const DEFAULT_PROFILE_NAME = 'seccompose-profile';

/** A DNS-1123 name from the profile's file name (`web.json` → `web`, `cluster.yaml#web` → `web`). */
function defaultName(profilePath: string): string {
  if (profilePath === '-') return DEFAULT_PROFILE_NAME;
  const selector = profilePath.lastIndexOf('#');
  const base = selector > 0 ? profilePath.slice(selector + 1) : basename(profilePath).replace(/\.(json|ya?ml)$/i, '');
  return toDns1123Name(base, DEFAULT_PROFILE_NAME);
}

/**
 * The checked SeccompProfile name and ProfileBinding target. Names are DNS-1123 (the API server
 * rejects anything else, so refusing here saves a failed `kubectl apply`); the SeccompProfile is
 * cluster-scoped, so a namespace only makes sense for the binding.
 */
export function kubernetesNames(
  flags: KubernetesFlags,
  profilePath: string,
): { name: string; binding?: BindingTarget } {
  const kubernetes = flags.format === 'kubernetes' || flags.format === 'pod-security';
  for (const [flag, value] of [
    ['--name', flags.name],
    ['--namespace', flags.namespace],
    ['--bind-image', flags.bindImage],
    ['--localhost-profile', flags.localhostProfile],
  ] as const)
    if (value !== undefined && !kubernetes)
      throw new UsageError(`${flag} applies to --format kubernetes and pod-security only`, {
        hint: `drop ${flag}, or pass --format kubernetes`,
      });
  if (flags.format !== 'kubernetes' && (flags.bindImage !== undefined || flags.namespace !== undefined))
    throw new UsageError(
      '--bind-image and --namespace describe a ProfileBinding, which only --format kubernetes writes',
      {
        hint: 'pass --format kubernetes',
      },
    );
  const name = flags.name ?? defaultName(profilePath);
  const nameProblem = dns1123SubdomainProblem(name);
  if (nameProblem)
    throw new UsageError(`--name ${JSON.stringify(name)} is not a valid Kubernetes object name: ${nameProblem}`, {
      hint: 'use a DNS-1123 subdomain such as web or shop-web (lower case)',
    });
  if (flags.namespace !== undefined) {
    const problem = dns1123LabelProblem(flags.namespace);
    if (problem)
      throw new UsageError(`--namespace ${JSON.stringify(flags.namespace)} is not a valid namespace: ${problem}`, {
        hint: 'use a DNS-1123 label such as shop (lower case, at most 63 characters)',
      });
    if (flags.bindImage === undefined)
      throw new UsageError(
        '--namespace needs --bind-image: a SeccompProfile is cluster-scoped (its CRD says scope: Cluster), only the ProfileBinding lives in a namespace',
        { hint: 'drop --namespace, or add --bind-image IMAGE to bind the profile to that image in the namespace' },
      );
  }
  if (flags.bindImage !== undefined && flags.bindImage.trim() === '')
    throw new UsageError('--bind-image is empty', { hint: 'name the container image, or "*" for every pod' });
  if (
    flags.localhostProfile !== undefined &&
    (flags.localhostProfile.startsWith('/') || flags.localhostProfile.split('/').includes('..'))
  )
    throw new UsageError(`--localhost-profile ${flags.localhostProfile} must be a descending relative path`, {
      hint: "it is relative to the kubelet's seccomp root (/var/lib/kubelet/seccomp), e.g. profiles/web.json",
    });
  return {
    name,
    ...(flags.bindImage === undefined
      ? {}
      : { binding: { image: flags.bindImage, ...(flags.namespace ? { namespace: flags.namespace } : {}) } }),
  };
}
