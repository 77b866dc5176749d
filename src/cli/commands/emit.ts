import { Option, type Command } from 'commander';
import type { Act, CommandContext } from '../context.js';
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

export const EMIT_FORMATS = ['compose', 'docker-flags', 'oci', 'kubernetes', 'pod-security'] as const;
type EmitFormat = (typeof EMIT_FORMATS)[number];

interface EmitFlags extends KubernetesFlags {
  format: EmitFormat;
  service: string;
  caps?: string;
  from?: string[];
  output: string;
  force?: boolean;
}

const EXAMPLES = `
Examples:
  seccompose emit nginx.json --service web --caps CHOWN,SETGID,SETUID -o web.compose.yaml
  seccompose emit nginx.json --format docker-flags --from nginx.obs.json
  seccompose emit nginx.json --format oci > nginx.oci.json
  seccompose emit nginx.json --format kubernetes --name web --from nginx.obs.json > web.spo.yaml
  seccompose emit nginx.json --format kubernetes --name web --bind-image seccompose/nginx:1 --namespace shop
  seccompose emit nginx.json --format pod-security --name web --from nginx.obs.json

compose and docker-flags reference the profile by path (compose: relative to the output file's
directory, as Compose resolves it). oci resolves the moby profile for an x86_64 daemon and the
container's bounding set (the added capabilities when --caps/--from is given, else Docker's 14)
into the plain runtime-spec linux.seccomp. kubernetes writes a security-profiles-operator
SeccompProfile (cluster-scoped, as the operator's CRD declares it), with --bind-image a
ProfileBinding in --namespace, and as comments the container securityContext that uses it.
pod-security writes that securityContext alone: the operator's localhostProfile
operator/<name>.json (or --localhost-profile for a file installed on the nodes by hand),
capabilities drop ALL plus the added ones, allowPrivilegeEscalation: false, and with --from
the recording's --read-only (readOnlyRootFilesystem) and numeric --user (runAsNonRoot, runAsUser).`;

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

async function runEmit(path: string, flags: EmitFlags, context: CommandContext): Promise<ExitCodeValue> {
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

/** `seccompose emit PROFILE --format compose|docker-flags|oci|kubernetes|pod-security`: one profile, many ways to apply it. */
export function registerEmit(program: Command, act: Act): void {
  program
    .command('emit')
    .description(
      'print a profile as a compose fragment, docker run flags, an OCI linux.seccomp object, a Kubernetes SeccompProfile or a pod securityContext',
    )
    .argument(
      '<profile>',
      'profile file or SeccompProfile YAML (or docker-default, or - for stdin with oci/kubernetes)',
    )
    .addOption(new Option('--format <format>', 'what to emit').choices(EMIT_FORMATS).default('compose'))
    .option('--service <name>', 'compose service name', 'app')
    .option('--caps <caps>', 'capabilities to add back after cap_drop ALL, e.g. NET_BIND_SERVICE,CHOWN')
    .option('--from <observation...>', 'infer the capabilities from these observations instead')
    .option('--name <name>', 'Kubernetes: the SeccompProfile name, a DNS-1123 subdomain (default: from the file name)')
    .option('--bind-image <image>', 'kubernetes: also a ProfileBinding for containers of this image ("*": all)')
    .option('--namespace <ns>', 'kubernetes: the ProfileBinding namespace (the SeccompProfile is cluster-scoped)')
    .option('--localhost-profile <path>', 'pod-security: a profile installed on the nodes by hand, not by the operator')
    .option('-o, --output <file>', 'where to write (- for stdout)', '-')
    .option('--force', 'replace an existing output file')
    .addHelpText('after', EXAMPLES)
    .action(act((context, path: string, flags: EmitFlags) => runEmit(path, flags, context)));
}
