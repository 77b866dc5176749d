import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import { Option, type Command } from 'commander';
import type { Act, CommandContext } from '../context.js';
import { readObservation } from '../../model/read-observation.js';
import { nativeArch } from '../../kernel/arch.js';
import { writeOutput } from '../../emit/write.js';
import { composeFragment, composeSeccompPath } from '../../emit/compose.js';
import { dockerRunFlags, renderDockerFlags } from '../../emit/docker-flags.js';
import { generateProfile, type GenerateResult } from '../../generate/generate.js';
import { loadProfile } from '../../profile/load.js';
import { defaultResolveContext, resolveProfile } from '../../profile/resolve.js';
import { summarizeAgainst, type AttackSurfaceSummary } from '../../diff/attack-surface.js';
import { renderGenerateSummary, type GenerateOutputs } from '../render/generate-summary.js';
import { renderExplain } from '../render/generate-explain.js';
import { renderComposeGenerated } from '../render/generate-compose.js';
import { writeAllOrNothing } from '../../emit/write-all.js';
import { InputError } from '../../errors.js';
import { capList } from '../../verify/compose-input.js';
import { checkServiceName } from '../../workload/compose-config.js';
import { generateForProject } from './generate-compose.js';
import { renderGenerateJson } from '../render/generate-json.js';
import {
  checkGenerateFlags,
  DEFAULT_ACTIONS,
  parseArchList,
  parseErrnoOption,
  type RawGenerateFlags,
} from './generate-options.js';

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

/** Read and validate every observation; each is cited by its file's base name (paths vary, evidence does not). */
async function readInputs(files: readonly string[]) {
  return Promise.all(
    files.map(async (file) => ({
      label: file === '-' ? 'stdin' : basename(file),
      observation: await readObservation(file),
    })),
  );
}

/** Commander collector for a repeatable option. */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The same numbers `seccompose diff docker-default PROFILE` prints: both resolved for the default
 * context, on the profile's first archMap daemon arch when it has no x86_64 entry (--arch aarch64).
 */
export async function summarizeAgainstDockerDefault(result: GenerateResult): Promise<AttackSurfaceSummary> {
  const defaults = defaultResolveContext();
  const daemons = (result.profile.archMap ?? []).map((e) => e.architecture);
  const context =
    daemons.length > 0 && !daemons.includes(defaults.arch) ? { ...defaults, arch: daemons[0]! } : defaults;
  const { profile: baseline } = await loadProfile('docker-default');
  return summarizeAgainst(resolveProfile(baseline, context), resolveProfile(result.profile, context));
}

async function runGenerate(files: string[], flags: RawGenerateFlags, context: CommandContext): Promise<ExitCodeValue> {
  checkGenerateFlags(flags);
  const inputs = await readInputs(files);
  const options = {
    defaultAction: DEFAULT_ACTIONS[flags.defaultAction]!,
    ...(flags.defaultAction === 'errno'
      ? { defaultErrnoRet: flags.errno === undefined ? 1 : parseErrnoOption(flags.errno) }
      : {}),
    architectures: parseArchList(flags.arch),
    includeBlocked: Boolean(flags.includeBlocked),
    runtimeSyscalls: flags.runtimeSyscalls,
    allowPartial: Boolean(flags.allowPartial),
    allowLossy: Boolean(flags.allowLossy),
    native: nativeArch(),
  };
  if (flags.file) {
    const generated = await generateForProject(
      inputs,
      {
        files: flags.file,
        output: flags.output === '-' ? undefined : flags.output,
        into: flags.into,
        profilesDir: flags.profilesDir,
        harden: Boolean(flags.harden),
        relativePaths: Boolean(flags.relativePaths),
        force: Boolean(flags.force),
      },
      options,
    );
    context.stderr.write(renderComposeGenerated(generated));
    return ExitCode.ok;
  }
  const result = generateProfile(inputs, options);
  const surface = await summarizeAgainstDockerDefault(result);
  if (flags.compose !== undefined && flags.service !== undefined) {
    // Two outputs, all-or-nothing: when the fragment cannot be written, the profile is not left behind.
    const fragment = composeFragment(
      checkServiceName(flags.service),
      composeSeccompPath(flags.compose, flags.output),
      capList(result.capAdd, 'the observed capabilities'),
    );
    for (const path of [flags.output, flags.compose]) await refuseExisting(path, Boolean(flags.force));
    await writeAllOrNothing([
      { path: flags.output, content: result.text },
      { path: flags.compose, content: fragment },
    ]);
  } else await writeOutput(flags.output, result.text, { force: Boolean(flags.force) });
  const outputs: GenerateOutputs = {
    profile: flags.output,
    dockerFlags: renderDockerFlags(dockerRunFlags(flags.output === '-' ? 'PROFILE.json' : flags.output, result.capAdd)),
  };
  if (flags.compose !== undefined && flags.service !== undefined) {
    outputs.compose = { file: flags.compose, service: flags.service };
  }
  context.logger.debug({ sources: result.merged.sources.length, capAdd: result.capAdd }, 'generated profile');
  if (flags.json) context.stdout.write(renderGenerateJson(result, surface, outputs));
  else if (flags.explain) context.stdout.write(renderExplain(result.explain, result.capabilities));
  context.stderr.write(renderGenerateSummary(result, surface, outputs));
  return ExitCode.ok;
}

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
    .action(act((context, files: string[], flags: RawGenerateFlags) => runGenerate(files, flags, context)));
}

/** An existing output needs --force (as writeOutput says it). */
async function refuseExisting(path: string, force: boolean): Promise<void> {
  if (force) return;
  if (
    await stat(path).then(
      () => true,
      () => false,
    )
  )
    throw new InputError(`output ${path} already exists`, {
      hint: 'pass --force to replace it, or choose another path with -o',
    });
}
