import { Option, type Command } from 'commander';
import { warnAboutLeftovers } from '../leftover-warning.js';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import { stableJson } from '../../model/stable-order.js';
import { processRunner } from '../../exec/run.js';
import { UsageError } from '../../errors.js';
import { refuseComposeCommand } from '../../workload/compose-config.js';
import { parseReplayTarget, parseVerifyDockerRun, type RawReplayFlags } from '../replay-target.js';
import { parseSeconds } from '../workload-flags.js';
import { composeVerifyJson, renderComposeVerify } from '../render/verify-compose.js';
import { reportJson, type VerifyReport } from '../../verify/report.js';
import { verifyContainer } from '../../verify/verify-container.js';
import { verifyHost } from '../../verify/verify-host.js';
import type { Act, CommandContext } from '../context.js';
import { ProgressLine } from '../render/progress.js';
import { renderVerifyText } from '../render/verify-text.js';
import { addMinimizeOptions, runMinimize, type RawMinimizeFlags } from './caps.js';
import { addReplayOptions, warnIfUnbounded } from './replay-options.js';

const USAGE = 'seccompose verify PROFILE [--cap-add CAP,...] [--exercise CMD] -- docker run [OPTIONS] IMAGE [CMD...]';

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
  seccompose verify docker-default --minimize-caps --exercise ./smoke.sh -- docker run seccompose/nginx:1

Exit codes: 0 pass; 1 fail (the reasons are listed); 2 usage or invalid profile; 3 could not run
(engine down, image missing, no auditd for --explain, no runc/crun for host commands); 130
interrupted (the containers are removed).`;

interface RawVerifyFlags extends RawReplayFlags, RawMinimizeFlags {
  file?: string[];
  explain?: boolean;
  json?: boolean;
  quiet?: boolean;
  minimizeCaps?: boolean;
}

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
    .action(
      act(async (context, words: string[], raw: RawVerifyFlags, self: Command) => {
        refuseComposeCommand(words, 'verify');
        if (!raw.minimizeCaps) refuseMinimizeOnly(self);
        if (raw.file) return runVerifyProject(words, raw, context);
        return raw.minimizeCaps ? runMinimize(words, raw, context) : runVerify(words, raw, context);
      }),
    );
}

/** Options only the --minimize-caps search reads: refused without it, so none is silently ignored. */
const MINIMIZE_ONLY = ['from', 'start', 'maxReplays', 'output', 'force'] as const;

function refuseMinimizeOnly(command: Command): void {
  const given = MINIMIZE_ONLY.filter((key) => command.getOptionValueSource(key) === 'cli');
  if (given.length === 0) return;
  const flags = given.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  throw new UsageError(`${flags.join(', ')} ${given.length === 1 ? 'is' : 'are'} used only with --minimize-caps`, {
    hint: `add --minimize-caps to search the smallest capability set (seccompose caps minimize), or leave ${flags.join(', ')} out`,
  });
}

async function runVerify(words: string[], raw: RawVerifyFlags, context: CommandContext): Promise<ExitCodeValue> {
  const target = await parseReplayTarget(words, raw, USAGE);
  const spec = target.kind === 'container' ? parseVerifyDockerRun(target.workload, target.notes) : undefined;
  warnIfUnbounded(target, context.stderr, raw.quiet);
  await warnAboutLeftovers(processRunner, context.stderr);
  const progress = new ProgressLine(context.progress, context.interactive && !raw.quiet);
  const deps = {
    runner: processRunner,
    logger: context.logger,
    signal: context.signal,
    onPhase: (phase: string) => progress.update({ phase }),
  };
  const common = {
    target: target.target,
    capAdd: target.capAdd,
    exercise: target.exercise,
    durationS: target.durationS,
    exerciseTimeoutS: target.exerciseTimeoutS,
    readyTimeoutS: target.readyTimeoutS,
    graceS: target.graceS,
    explain: Boolean(raw.explain),
    notes: target.notes,
  };
  let report: VerifyReport;
  try {
    report =
      spec !== undefined
        ? await verifyContainer({ ...common, spec, workload: target.workload }, deps)
        : await verifyHost({ ...common, command: target.workload }, deps);
  } finally {
    progress.clear();
  }
  context.stdout.write(raw.json ? stableJson(reportJson(report)) : renderVerifyText(report));
  return report.verdict === 'pass' ? ExitCode.ok : ExitCode.checkFailed;
}

async function runVerifyProject(words: string[], raw: RawVerifyFlags, context: CommandContext): Promise<ExitCodeValue> {
  if (words.length > 0 || raw.compose || raw.service || raw.capAdd || raw.minimizeCaps)
    throw new UsageError(
      'verify -f takes the project and its override only: no PROFILE, workload, --compose, --service, --cap-add or --minimize-caps',
      {
        hint: 'seccompose verify -f compose.yaml -f compose.seccomp.yaml [--exercise CMD]',
      },
    );
  const progress = new ProgressLine(context.stderr, context.interactive && !raw.quiet);
  const { verifyProject } = await import('../../verify/verify-compose.js');
  let report: Awaited<ReturnType<typeof verifyProject>>;
  try {
    report = await verifyProject(
      {
        files: raw.file!,
        exercise: raw.exercise,
        durationS: raw.duration === undefined ? undefined : parseSeconds(raw.duration, '--duration'),
        exerciseTimeoutS: parseSeconds(raw.exerciseTimeout, '--exercise-timeout'),
        readyTimeoutS: parseSeconds(raw.readyTimeout, '--ready-timeout'),
        graceS: parseSeconds(raw.grace, '--grace', true),
      },
      {
        runner: processRunner,
        logger: context.logger,
        signal: context.signal,
        say: (line) => void (raw.quiet || context.stderr.write(`seccompose: ${line}\n`)),
        onPhase: (phase) => progress.update({ phase }),
      },
    );
  } finally {
    progress.clear();
  }
  context.stdout.write(raw.json ? stableJson(composeVerifyJson(report)) : renderComposeVerify(report));
  return report.verdict === 'pass' ? ExitCode.ok : ExitCode.checkFailed;
}
