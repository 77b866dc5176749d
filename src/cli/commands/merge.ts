import type { Command } from 'commander';
import { type Act, lazyAction } from '../context.js';

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
    .action(act(lazyAction(async () => (await import('./merge-run.js')).runMerge)));
}
