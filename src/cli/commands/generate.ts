import { Option, type Command } from 'commander';
import { type Act, lazyAction } from '../context.js';
import { DEFAULT_ACTIONS } from './generate-actions.js';

/** Commander collector for a repeatable option. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const EXAMPLES = `
Examples:
  seccompose generate nginx.obs.json -o nginx.json
  seccompose generate nginx.obs.json idle.obs.json -o web.json --explain
  seccompose generate nginx.obs.json -o web.json --compose compose.seccomp.yaml --service web --force
  seccompose generate recordings/*.obs.json -f compose.yaml -o compose.override.yaml --harden
  seccompose generate recordings/api.obs.json -f compose.yaml --into compose.yaml --force
  seccompose generate job.obs.json -o job.json
  seccompose generate ls.obs.json -o ls.json --default-action kill-process
  seccompose generate traced.obs.json -o arm64.json --arch aarch64

The profile allows exactly the observed syscalls (plus the container runtime's own post-filter
set, unless --no-runtime-syscalls), with Docker-style argument filters for clone, personality and
socket, ENOSYS for libc's fallback syscalls, and provenance in the first rule's comment. With --arch for
an architecture the workload was not recorded on, each call is translated to what that ABI's libc
issues (open → openat, stat → newfstatat, poll → ppoll, …; README "Cross-ABI translation"), and a
call with no equivalent there is an error unless --allow-lossy. Identical evidence gives a
byte-identical file. A summary against Docker's default goes to stderr.`;

/** `seccompose generate OBS... -o profile.json`: observations → the minimal profile (+ compose fragment). */
export function registerGenerate(program: Command, act: Act): void {
  program
    .command('generate')
    .description('turn observations into the minimal seccomp profile and capability set that lets the workload run')
    .argument('<observation...>', 'observation files written by `seccompose record -o` (- for stdin)')
    .option('-o, --output <file>', 'where to write the profile (- for stdout)', '-')
    .addOption(
      new Option('--default-action <action>', 'what happens to every other syscall')
        .choices(Object.keys(DEFAULT_ACTIONS))
        .default('errno'),
    )
    .option('--errno <errno>', 'the errno of --default-action errno (name or number)', undefined)
    .option(
      '--arch <arch>',
      'target daemon architecture instead of the observed ones (x86_64, aarch64, …; with its sub-ABIs; repeatable)',
      collect,
      [],
    )
    .option(
      '--compose <file>',
      'also write a compose override fragment for --service (seccomp, no-new-privileges, cap_drop/cap_add)',
    )
    .option('--service <name>', 'the compose service the fragment configures')
    .option(
      '-f, --file <compose.yaml>',
      'a compose project (repeatable): one profile per service and one override',
      collect,
    )
    .option('--profiles-dir <dir>', 'with -f: where the profiles go (default: seccomp/ beside the override)')
    .option('--harden', 'with -f: also read_only + tmpfs and user where the evidence proves them (each commented)')
    .option('--relative-paths', 'with -f: write seccomp= paths relative to the project directory (default: absolute)')
    .option(
      '--into <compose.yaml>',
      'with -f: edit this compose file in place (comments, order, anchors kept) instead of -o',
    )
    .option('--allow-partial', 'accept observations of recordings that were cut short (complete: false)')
    .option(
      '--allow-lossy',
      'with --arch: write the profile even if observed calls have no equivalent on a target ABI (they are left out)',
    )
    .option('--include-blocked', 'also allow attempts a filter in force blocked during recording')
    .option('--no-runtime-syscalls', "leave out the container runtime's own post-filter syscalls")
    .option('--explain', 'print, for each syscall in the profile, the evidence that put it there')
    .option('--json', 'print the report (evidence, capabilities, summary) as JSON')
    .option('--force', 'replace existing output files')
    .addHelpText('after', EXAMPLES)
    .action(act(lazyAction(async () => (await import('./generate-run.js')).runGenerate)));
}
