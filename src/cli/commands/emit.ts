import { Option, type Command } from 'commander';
import { EMIT_FORMATS } from '../../emit/formats.js';
import { type Act, lazyAction } from '../context.js';

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
    .action(act(lazyAction(async () => (await import('./emit-run.js')).runEmit)));
}
