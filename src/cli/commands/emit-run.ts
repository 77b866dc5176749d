import type { CommandContext } from '../context.js';
import type { EmitFormat } from '../../emit/formats.js';
import { ExitCode, type ExitCodeValue, UsageError } from '../../errors.js';
import { readObservation } from '../../model/read-observation.js';
import type { SeccompProfile } from '../../model/profile.js';
import { writeOutput } from '../../emit/write.js';
import { composeFragment, composeSeccompPath } from '../../emit/compose.js';
import { dockerRunFlags, renderDockerFlags } from '../../emit/docker-flags.js';
import { ociSeccomp, renderOciSeccomp } from '../../emit/oci.js';
import { localhostProfilePath, renderKubernetes, type KubernetesTarget } from '../../emit/kubernetes.js';
import { renderPodSecurity, type ContainerSecurity } from '../../emit/pod-security.js';
import type { Observation } from '../../model/observation.js';
import { hardeningOf } from '../../observation/hardening.js';
import { capabilityFindingsOf, combineFindings, requiredCapabilities } from '../../observation/infer-capabilities.js';
import { isKubernetesText } from '../../profile/spo-stream.js';
import { loadProfile, readProfileText } from '../../profile/load.js';
import { kubernetesNames, type KubernetesFlags } from './emit-kubernetes-options.js';
import { defaultResolveContext, type ResolveContext } from '../../profile/resolve.js';
import { parseCapsOption } from '../resolve-options.js';

export interface EmitFlags extends KubernetesFlags {
  format: EmitFormat;
  service: string;
  caps?: string;
  from?: string[];
  output: string;
  force?: boolean;
}

/** The capabilities to add: --caps list, or inferred from observations (--from), or none. */
function capabilitiesOf(flags: EmitFlags, observations: readonly Observation[]): string[] | undefined {
  if (flags.caps !== undefined && flags.from !== undefined)
    throw new UsageError('--caps and --from are alternatives', {
      hint: 'name the capabilities, or let seccompose infer them from observations',
    });
  if (flags.caps !== undefined) return parseCapsOption(flags.caps);
  if (flags.from === undefined) return undefined;
  return requiredCapabilities(combineFindings(observations.flatMap(capabilityFindingsOf)));
}

/** The provenance seccompose generate and merge leave in rule comments, joined (or undefined). */
function provenanceOf(profile: SeccompProfile): string | undefined {
  const notes = profile.syscalls.flatMap((rule) =>
    rule.comment?.startsWith('seccompose generate') || rule.comment?.startsWith('seccompose merge')
      ? [rule.comment]
      : [],
  );
  return notes.length > 0 ? notes.join(' | ') : undefined;
}

interface EmitInputs {
  path: string;
  profile: SeccompProfile;
  caps: string[] | undefined;
  observations: readonly Observation[];
}

function containerSecurity(flags: EmitFlags, inputs: EmitInputs, name: string): ContainerSecurity {
  const hardening = hardeningOf(inputs.observations);
  return {
    seccomp: { type: 'Localhost', localhostProfile: flags.localhostProfile ?? localhostProfilePath(name) },
    capAdd: inputs.caps ?? [],
    ...(hardening ? { hardening } : {}),
  };
}

function render(flags: EmitFlags, inputs: EmitInputs): string {
  const { path, profile, caps } = inputs;
  const capAdd = caps ?? [];
  const context: ResolveContext = caps === undefined ? defaultResolveContext() : { ...defaultResolveContext(), caps };
  switch (flags.format) {
    case 'compose': {
      const seccompPath = flags.output === '-' ? path : composeSeccompPath(flags.output, path);
      return composeFragment(flags.service, seccompPath, capAdd);
    }
    case 'docker-flags':
      return renderDockerFlags(dockerRunFlags(path, capAdd));
    case 'oci':
      return renderOciSeccomp(ociSeccomp(profile, context));
    case 'kubernetes': {
      const names = kubernetesNames(flags, path);
      const description = provenanceOf(profile);
      const target: KubernetesTarget = {
        name: names.name,
        ...(description ? { description } : {}),
        ...(names.binding ? { binding: names.binding } : {}),
      };
      return renderKubernetes(ociSeccomp(profile, context), target, containerSecurity(flags, inputs, names.name));
    }
    case 'pod-security':
      return renderPodSecurity(containerSecurity(flags, inputs, kubernetesNames(flags, path).name));
  }
}

/** Compose and docker-flags hand Docker the file itself, which must then be Docker's JSON. */
async function refuseKubernetesPath(path: string, format: EmitFormat): Promise<void> {
  if (format !== 'compose' && format !== 'docker-flags') return;
  if (path === '-')
    throw new UsageError(`--format ${format} references the profile by path; stdin has none`, {
      hint: 'pass the profile file',
    });
  if (isKubernetesText((await readProfileText(path)).text))
    throw new UsageError(
      `--format ${format} references ${path} by path, but Docker cannot read a SeccompProfile YAML`,
      {
        hint: `write the Docker profile first: seccompose merge ${path} -o profile.json, then emit profile.json`,
      },
    );
}

/** `seccompose emit`'s action: load the profile (and observations), render the format, write it. */
export async function runEmit(context: CommandContext, path: string, flags: EmitFlags): Promise<ExitCodeValue> {
  await refuseKubernetesPath(path, flags.format);
  kubernetesNames(flags, path);
  const { profile } = await loadProfile(path);
  const observations = await Promise.all((flags.from ?? []).map(readObservation));
  const caps = capabilitiesOf(flags, observations);
  await writeOutput(flags.output, render(flags, { path, profile, caps, observations }), {
    force: Boolean(flags.force),
  });
  context.logger.debug({ format: flags.format, caps }, 'emitted');
  return ExitCode.ok;
}
