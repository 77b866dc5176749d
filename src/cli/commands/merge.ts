import type { Command } from 'commander';
import { serializeProfile } from '../../emit/profile-json.js';
import { writeOutput } from '../../emit/write.js';
import { ExitCode, UsageError } from '../../errors.js';
import { mergeInputs, type MergeDocument, type MergeResult } from '../../merge/merge.js';
import { OBSERVATION_KIND } from '../../model/observation.js';
import { parseObservation } from '../../model/read-observation.js';
import { stableJson } from '../../model/stable-order.js';
import { loadProfiles, readProfileText } from '../../profile/load.js';
import type { Act } from '../context.js';
import { resolveContextFromOptions } from '../resolve-options.js';
import { renderMergeSummary } from '../render/merge-summary.js';

interface MergeFlags {
  output: string;
  force?: boolean;
  replace?: boolean;
  arch?: string;
  caps?: string;
  kernel?: string;
}

const HELP = `
Inputs are observations (seccompose record -o), Docker profiles or SeccompProfile YAML (one
object, a --- stream or kubectl's List; FILE#NAME picks one object).

  observations only      the union as one observation: counts summed, names, argument values,
                         ports and capabilities unioned, every recording listed in merged.sources
                         (digest, file, workload, host); feed it to generate
  profiles only          each resolved for --arch/--caps/--kernel first, then a profile that
                         allows a call wherever any input allows it (same default action needed)
  one profile + obs      the base extended with the evidence: every base rule kept exactly, the
                         observed syscalls no base rule mentions allowed by one rule appended at
                         the end, so a syscall the base denies stays denied

The result does not depend on the order of the inputs, and merging an input again (or a merge
result with its own inputs) changes nothing: each recording counts once. Observations are read
one at a time, twice (plan, then fold), never all at once.

Examples:
  seccompose merge nginx.obs.json idle.obs.json -o web.obs.json
  seccompose merge nginx.json job.json -o both.json
  seccompose merge nginx.json idle.obs.json -o nginx.json --replace
  seccompose merge web.spo.yaml#web job.json -o web-job.json

Exit codes: 0 merged, 2 unreadable or incompatible inputs (different images or architectures
without --force, different default actions, overlapping merge results).`;

/** Read one input: an observation JSON, or every profile a Docker/Kubernetes file holds. */
async function readDocument(path: string): Promise<MergeDocument> {
  const { text, source } = await readProfileText(path);
  if (looksLikeObservation(text)) return { kind: 'observation', observation: parseObservation(text, source) };
  const profiles = await loadProfiles(path);
  return { kind: 'profiles', profiles: profiles.map((p) => ({ label: p.source, profile: p.profile })) };
}

function looksLikeObservation(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  try {
    return (JSON.parse(text) as { kind?: unknown }).kind === OBSERVATION_KIND;
  } catch {
    return false;
  }
}

function outputText(result: MergeResult): string {
  switch (result.kind) {
    case 'observation':
      return stableJson(result.observation);
    case 'profile':
      return serializeProfile(result.profile);
    case 'extension':
      return serializeProfile(result.extension.profile);
  }
}

/** `seccompose merge IN... -o OUT`: the union of observations or profiles, or a base profile extended. */
export function registerMerge(program: Command, act: Act): void {
  program
    .command('merge')
    .description(
      'union observations or profiles (order-independent, idempotent), or extend a base profile with new evidence',
    )
    .argument('<inputs...>', 'observations, profiles (JSON), SeccompProfile YAML (FILE#NAME for one object)')
    .option('-o, --output <file>', 'where to write (- for stdout)', '-')
    .option('--force', 'merge recordings of different images or architectures anyway')
    .option('--replace', 'replace an existing output file (it may be one of the inputs)')
    .option('--arch <arch>', 'profiles: daemon architecture to resolve them for (default x86_64)')
    .option('--caps <caps>', 'profiles: granted capabilities to resolve them for: default, all, none or CAP_X,CAP_Y')
    .option('--kernel <X.Y>', 'profiles: host kernel for minKernel rules (default: the running kernel)')
    .addHelpText('after', HELP)
    .action(
      act(async ({ stderr }, inputs: string[], flags: MergeFlags) => {
        if (inputs.includes('-'))
          throw new UsageError(
            'merge reads each input twice (to plan, then to fold), so stdin (-) cannot be an input',
            {
              hint: 'save it to a file first',
            },
          );
        const result = await mergeInputs(inputs, readDocument, {
          force: Boolean(flags.force),
          context: resolveContextFromOptions(flags),
        });
        await writeOutput(flags.output, outputText(result), { force: Boolean(flags.replace) });
        stderr.write(renderMergeSummary(result, flags.output));
        return ExitCode.ok;
      }),
    );
}
