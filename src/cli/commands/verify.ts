import { Option, type Command } from 'commander';
import { type Act, lazyAction } from '../context.js';
import { addMinimizeOptions } from './caps.js';
import { addReplayOptions } from './replay-options.js';

const HELP = `
What it does:
  enforce run   your docker run plus --security-opt seccomp=PROFILE, --security-opt no-new-privileges,
                --cap-drop ALL and --cap-add for each verified capability; same readiness wait and
                --exercise as record; then SIGTERM (SIGKILL after --grace).
  canary        while the workload is up, a 176-byte static probe is bind-mounted read-only and run
                with docker exec: it makes one harmless syscall the profile denies (getcpu, getppid,
                ..., keyctl) and must get the profile's errno (or be killed). A profile that is not
                in force (defaultAction ALLOW, unconfined) fails here, never passes.
  complain run  on failure, or always with --explain: the same run with every denial turned into
                SCMP_ACT_LOG, read through auditd: the exact syscalls the profile would deny, by
                process and count, plus capability checks the kernel refused (bpftrace, if present).

A compose project: -f compose.yaml -f compose.seccomp.yaml (the override generate -f wrote) brings the
whole project up with it: per service ready, canary, stop; the exercise against the project (it sees
SECCOMPOSE_<SERVICE>_PORT_<n> and SECCOMPOSE_<SERVICE>_IP); on failure a complain run (the project
again, each failing service under its complain profile, the others under their own) names, per service,
the syscalls its profile denies and the capabilities it lacks, apart from a read-only filesystem (EROFS
in its log), with its last log lines. Exit 1 unless every service passes.

PROFILE is a file, docker-default, - (stdin) or unconfined. With --compose FRAGMENT --service NAME
the profile (seccomp=PATH, relative to the fragment) and cap_add come from the fragment; PROFILE
may be left out, or must name that same file. A workload that is not \`docker run ...\` is a host command: it runs with runc
(or crun) in a bundle whose root is the host's, read-only, with a fresh /proc, /dev, /sys and /tmp.

Verdict: pass when the workload became ready (or ran to completion with exit 0), the exercise
exited 0, a service was still up when stopped and honoured SIGTERM (exit 0 or 143, not 137), and
the canary was denied.

Examples:
  seccompose verify nginx.json --cap-add CHOWN,SETGID,SETUID --exercise 'curl -fsS http://$SECCOMPOSE_CONTAINER_IP/' \\
      -- docker run seccompose/nginx:1
  seccompose verify job.json --explain -- docker run seccompose/workload:1 --mkdir --exit 0
  seccompose verify --compose compose.seccomp.yaml --service web --duration 3 -- docker run -p 127.0.0.1::80 seccompose/nginx:1
  seccompose verify web.json --json --cap-add CHOWN,SETGID,SETUID --duration 3 -- docker run seccompose/nginx:1
  seccompose verify ls.json -- ls -la /tmp
  seccompose verify -f compose.yaml -f compose.override.yaml --exercise 'curl -fsS "localhost:$SECCOMPOSE_PROXY_PORT_80/"'
  seccompose verify docker-default --minimize-caps --from nginx.obs.json --exercise ./smoke.sh -- docker run seccompose/nginx:1

Exit codes: 0 pass; 1 fail (the reasons are listed); 2 usage or invalid profile; 3 could not run
(engine down, image missing, no auditd for --explain, no runc/crun for host commands); 130
interrupted (the containers are removed).`;

/** Collect repeated --cap-add values; capList reads them (and their commas) once all are in. */
export function collectCaps(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `seccompose verify`: prove a workload runs under a profile and that the profile is enforced. */
export function registerVerify(program: Command, act: Act): void {
  const command = program
    .command('verify')
    .description('replay a workload under a profile: does it still work, is the profile enforced, what would it deny')
    .argument('[profile-and-workload...]', 'PROFILE -- docker run [OPTIONS] IMAGE [CMD...]  (or -- COMMAND [ARGS...])')
    .addOption(
      new Option(
        '--cap-add <caps>',
        'capabilities to add after --cap-drop ALL (comma-separated, repeatable)',
      ).argParser(collectCaps),
    )
    .option('--explain', 'always do the complain run and list what the profile would deny (needs auditd)')
    .option('--json', 'print the verdict as JSON')
    .option(
      '-f, --file <compose.yaml>',
      'verify a compose project with its override (repeatable: -f compose.yaml -f compose.seccomp.yaml)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--minimize-caps', 'instead: search the smallest capability set (same as `seccompose caps minimize`)');
  addMinimizeOptions(addReplayOptions(command))
    .addHelpText('after', HELP)
    .action(act(lazyAction(async () => (await import('./verify-run.js')).runVerifyCommand)));
}
