import { Option, type Command } from 'commander';
import { BACKEND_CHOICES } from '../../record/backend-choices.js';
import { DEFAULT_EXERCISE_TIMEOUT_S } from '../../workload/exercise-timeout.js';
import { type Act, lazyAction } from '../context.js';
import { addReadyAndGraceOptions } from '../workload-flags.js';
import { DEFAULT_BASELINE } from './record-defaults.js';

/** Commander collector for a repeatable option. */
function collectValues(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const HELP = `
What to record (exactly one):
  -f compose.yaml [-f more.yaml]...        a compose project: every service (or --service NAME...), all
                                           replicas at once; -o DIR gets DIR/<service>.obs.json each
                                           (a service's replicas merged into one)
  -- docker run [OPTIONS] IMAGE [CMD...]   a container, as you already run it (backends: ebpf, audit, strace)
  -- COMMAND [ARGS...]                     a plain command on this host (strace)
  --from-strace FILE...|-                  strace output you already have (plain, -f, -ff files), or
                                           qemu-user -strace output (with --trace-arch, e.g. aarch64);
                                           a file of 128 MiB or more is parsed on several threads
                                           (SECCOMPOSE_PARSE_THREADS=N asks for N, 1 for one)
  --from-audit FILE...                     audit.log files with SECCOMP records
  --attach NAME...                         containers that already run (ebpf only), never stopped or
                                           restarted; -o FILE for one, -o DIR (DIR/<name>.obs.json) for more
  -f compose.yaml --attach                 the running project's containers (-p PROJECT, default as
                                           compose's; --service NAME...): DIR/<service>.obs.json

How the run ends (containers and plain commands alike):
  --exercise CMD   once the workload is up (a container: healthy, or its ports answer), run CMD with
                   sh -c; when it ends, stop the workload (SIGTERM, SIGKILL after --grace) so
                   shutdown is recorded too. For containers CMD sees SECCOMPOSE_CONTAINER_ID, _NAME,
                   _IP and SECCOMPOSE_PORT_<n> (the host port of published container port n).
  --duration S     stop the workload S seconds after it is up.
  neither          wait until the workload exits by itself (Ctrl-C stops and keeps what was seen).

Attaching (--attach): records from the moment bpftrace is attached until Ctrl-C (the normal
end: the observations are complete, exit 0), --duration S or the end of --exercise. The
container's start-up was not seen: the observation says so (workload.attached) and generate
warns until a recording that starts the same image is among its inputs.

docker run handling: seccompose adds --detach, a name (seccompose-rec-…, unless you gave --name),
the label io.seccompose.recording=1 and the backend's --security-opt; it drops --rm and -d (it
removes the container itself) and refuses --privileged, --security-opt seccomp=… and --restart.

Examples:
  seccompose record -o nginx.obs.json --exercise 'for i in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$SECCOMPOSE_PORT_80/"; done' \\
      -- docker run -p 127.0.0.1::80 seccompose/nginx:1
  seccompose record --backend audit -o job.obs.json -- docker run --rm seccompose/workload:1 --mkdir --exit 0
  seccompose record -o idle.obs.json --duration 3 --baseline docker-default -- docker run seccompose/nginx:1
  seccompose record -o ls.obs.json -- ls -la /tmp
  seccompose record -o traced.obs.json --from-strace trace.1234 trace.1235
  seccompose record -o arm.obs.json --from-strace armv7-trace.txt --trace-arch arm
  seccompose record -o arm64.obs.json --from-strace qemu-trace.txt --trace-arch aarch64
  seccompose record -f compose.yaml -o recordings/ \\
      --exercise 'for i in 1 2 3 4 5; do curl -fsS "localhost:$SECCOMPOSE_PROXY_PORT_80/" || exit 1; done'
  seccompose record --attach web -o web-attach.obs.json --duration 5
  seccompose record -f compose.yaml --attach -p shop -o attached/ --duration 5

Exit codes: 0 complete observation written (also an attach ended by Ctrl-C); 1 written but partial (never ready, exercise
failed, events lost: see the reasons); 2 bad flags or docker run options; 3 the machine lacks
the engine or a tracer; 130 interrupted (the partial observation is still written).`;

/** `seccompose record`: observe a workload (container or command) or ingest traces into an observation. */
export function registerRecord(program: Command, act: Act): void {
  const record = program
    .command('record')
    .description('record the syscalls and capabilities a workload uses into an observation (JSON)')
    .argument('[workload...]', 'after --: docker run [OPTIONS] IMAGE [CMD...], or COMMAND [ARGS...]')
    .option('-o, --output <file>', 'where to write the observation (- for stdout)')
    .addOption(new Option('--backend <name>', 'tracer backend').choices(BACKEND_CHOICES).default('auto'))
    .option('--exercise <cmd>', 'shell command that drives the workload once it is ready (sh -c)')
    .option('--duration <seconds>', 'stop the workload this many seconds after it is ready')
    .option('--baseline <profile>', 'profile to record under: docker-default, a file, or unconfined', DEFAULT_BASELINE);
  addReadyAndGraceOptions(record)
    .option(
      '--exercise-timeout <seconds>',
      'the longest the exercise may run; past it the exercise is ended and the recording is partial',
      String(DEFAULT_EXERCISE_TIMEOUT_S),
    )
    .option('--from-strace <files...>', 'ingest existing strace or qemu-user -strace output (- for stdin)')
    .option('--from-audit <files...>', 'ingest SECCOMP records from existing audit logs')
    .option(
      '--trace-arch <arch>',
      "with --from-strace: the ABI of the machine the trace was taken on (arm, aarch64, x86_64, …; default: this machine's; required for qemu-user -strace output: the guest's ABI)",
    )
    .option('-q, --quiet', 'no progress line, no summary')
    .option(
      '-f, --file <compose.yaml>',
      'record a compose project (repeatable, as docker compose -f); -o is then a directory',
      collectValues,
    )
    .option(
      '-p, --project <name>',
      "compose project name (record: a fresh seccompose-rec-… name; with --attach: the running project, by default compose's own default name)",
    )
    .option('--service <name>', 'record only this compose service (repeatable; default: every service)', collectValues)
    .option(
      '--attach [container...]',
      'record containers that already run (ebpf), until Ctrl-C, --duration or the end of --exercise; with -f: the running project',
    )
    .option('--force', 'replace an existing output file')
    .addHelpText('after', HELP)
    .action(act(lazyAction(async () => (await import('./record-run.js')).runRecord)));
}
