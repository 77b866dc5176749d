import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import type { Act, CommandContext } from '../context.js';
import { ExitCode, type ExitCodeValue, UsageError } from '../../errors.js';
import { readObservation } from '../../model/read-observation.js';
import type { SeccompProfile } from '../../model/profile.js';
import { writeOutput } from '../../emit/write.js';
import { composeFragment, composeSeccompPath } from '../../emit/compose.js';
import { dockerRunFlags, renderDockerFlags } from '../../emit/docker-flags.js';
import { ociSeccomp, renderOciSeccomp } from '../../emit/oci.js';
import { renderKubernetes } from '../../emit/kubernetes.js';
import { capabilityFindingsOf, combineFindings, requiredCapabilities } from '../../observation/infer-capabilities.js';
import { loadProfile } from '../../profile/load.js';
import { defaultResolveContext, type ResolveContext } from '../../profile/resolve.js';
import { parseCapsOption } from '../resolve-options.js';

export const EMIT_FORMATS = ['compose', 'docker-flags', 'oci', 'kubernetes'] as const;
type EmitFormat = (typeof EMIT_FORMATS)[number];

interface EmitFlags {
  format: EmitFormat;
  service: string;
  caps?: string;
  from?: string[];
  name?: string;
  namespace?: string;
  output: string;
  force?: boolean;
}

const EXAMPLES = `
Examples:
  seccompose emit profile.json --service web --caps NET_BIND_SERVICE -o compose.seccomp.yaml
  seccompose emit profile.json --format docker-flags --from obs.json
  seccompose emit profile.json --format oci > seccomp.oci.json
  seccompose emit profile.json --format kubernetes --name web --namespace shop --from obs.json

compose and docker-flags reference the profile by path (compose: relative to the output file's
directory, as Compose resolves it). oci resolves the moby profile for an x86_64 daemon and the
container's bounding set (the added capabilities when --caps/--from is given, else Docker's 14)
into the plain runtime-spec linux.seccomp. kubernetes writes a security-profiles-operator
SeccompProfile and, as comments, the container securityContext that uses it.`;

/** The capabilities to add: --caps list, or inferred from observations (--from), or none. */
async function capabilitiesOf(flags: EmitFlags): Promise<string[] | undefined> {
  if (flags.caps !== undefined && flags.from !== undefined)
    throw new UsageError('--caps and --from are alternatives', {
      hint: 'name the capabilities, or let seccompose infer them from observations',
    });
  if (flags.caps !== undefined) return parseCapsOption(flags.caps);
  if (flags.from === undefined) return undefined;
  const observations = await Promise.all(flags.from.map(readObservation));
  return requiredCapabilities(combineFindings(observations.flatMap(capabilityFindingsOf)));
}

/** A DNS-1123 name from the profile's file name (`web.json` → `web`). */
function defaultName(profilePath: string): string {
  const base = basename(profilePath)
    .replace(/\.json$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base === '' || profilePath === '-' ? 'seccompose-profile' : base;
}

function provenanceOf(profile: SeccompProfile): string | undefined {
  const comment = profile.syscalls[0]?.comment;
  return comment?.startsWith('seccompose generate') ? comment : undefined;
}

function render(path: string, profile: SeccompProfile, flags: EmitFlags, caps: string[] | undefined): string {
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
      const description = provenanceOf(profile);
      const target = {
        name: flags.name ?? defaultName(path),
        ...(flags.namespace ? { namespace: flags.namespace } : {}),
        ...(description ? { description } : {}),
      };
      return renderKubernetes(ociSeccomp(profile, context), target, capAdd);
    }
  }
}

async function runEmit(path: string, flags: EmitFlags, context: CommandContext): Promise<ExitCodeValue> {
  if (path === '-' && (flags.format === 'compose' || flags.format === 'docker-flags'))
    throw new UsageError(`--format ${flags.format} references the profile by path; stdin has none`, {
      hint: 'pass the profile file',
    });
  const { profile } = await loadProfile(path);
  const caps = await capabilitiesOf(flags);
  await writeOutput(flags.output, render(path, profile, flags, caps), { force: Boolean(flags.force) });
  context.logger.debug({ format: flags.format, caps }, 'emitted');
  return ExitCode.ok;
}

/** `seccompose emit PROFILE --format compose|docker-flags|oci|kubernetes`: one profile, many ways to apply it. */
export function registerEmit(program: Command, act: Act): void {
  program
    .command('emit')
    .description(
      'print a profile as a compose fragment, docker run flags, an OCI linux.seccomp object or a Kubernetes SeccompProfile',
    )
    .argument('<profile>', 'profile file (or docker-default, or - for stdin with oci/kubernetes)')
    .addOption(new Option('--format <format>', 'what to emit').choices(EMIT_FORMATS).default('compose'))
    .option('--service <name>', 'compose service name', 'app')
    .option('--caps <caps>', 'capabilities to add back after cap_drop ALL, e.g. NET_BIND_SERVICE,CHOWN')
    .option('--from <observation...>', 'infer the capabilities from these observations instead')
    .option('--name <name>', 'Kubernetes: the SeccompProfile name (default: from the file name)')
    .option('--namespace <ns>', 'Kubernetes: a namespaced SeccompProfile (default: cluster-scoped)')
    .option('-o, --output <file>', 'where to write (- for stdout)', '-')
    .option('--force', 'replace an existing output file')
    .addHelpText('after', EXAMPLES)
    .action(act((context, path: string, flags: EmitFlags) => runEmit(path, flags, context)));
}
