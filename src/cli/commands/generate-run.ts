import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { DEFAULT_ACTIONS } from './generate-actions.js';
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
import { checkServiceName } from '../../workload/compose-names.js';
import { generateForProject } from './generate-compose.js';
import { renderGenerateJson } from '../render/generate-json.js';
import { checkGenerateFlags, parseArchList, parseErrnoOption, type RawGenerateFlags } from './generate-options.js';

/** Read and validate every observation; each is cited by its file's base name (paths vary, evidence does not). */
async function readInputs(files: readonly string[]) {
  return Promise.all(
    files.map(async (file) => ({
      label: file === '-' ? 'stdin' : basename(file),
      observation: await readObservation(file),
    })),
  );
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

/** `seccompose generate`'s action: read the observations, build the profile (or a project's), write and summarize. */
export async function runGenerate(
  context: CommandContext,
  files: string[],
  flags: RawGenerateFlags,
): Promise<ExitCodeValue> {
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
