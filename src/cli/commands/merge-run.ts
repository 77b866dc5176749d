import { serializeProfile } from '../../emit/profile-json.js';
import { writeOutput } from '../../emit/write.js';
import { ExitCode, type ExitCodeValue, UsageError } from '../../errors.js';
import { mergeInputs, type MergeDocument, type MergeResult } from '../../merge/merge.js';
import { OBSERVATION_KIND } from '../../model/observation.js';
import { parseObservation } from '../../model/read-observation.js';
import { stableJson } from '../../model/stable-order.js';
import { loadProfiles, readProfileText } from '../../profile/load.js';
import type { CommandContext } from '../context.js';
import { resolveContextFromOptions } from '../resolve-options.js';
import { renderMergeSummary } from '../render/merge-summary.js';

export interface MergeFlags {
  output: string;
  force?: boolean;
  replace?: boolean;
  arch?: string;
  caps?: string;
  kernel?: string;
}

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

/** `seccompose merge`'s action: merge the inputs and write the result. */
export async function runMerge(
  { stderr }: CommandContext,
  inputs: string[],
  flags: MergeFlags,
): Promise<ExitCodeValue> {
  if (inputs.includes('-'))
    throw new UsageError('merge reads each input twice (to plan, then to fold), so stdin (-) cannot be an input', {
      hint: 'save it to a file first',
    });
  const result = await mergeInputs(inputs, readDocument, {
    force: Boolean(flags.force),
    context: resolveContextFromOptions(flags),
  });
  await writeOutput(flags.output, outputText(result), { force: Boolean(flags.replace) });
  stderr.write(renderMergeSummary(result, flags.output));
  return ExitCode.ok;
}
