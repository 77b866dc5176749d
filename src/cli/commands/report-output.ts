import { checkRuleIds } from '../../config/load.js';
import { writeOutput } from '../../emit/write.js';

/** `-o FILE` and `--quiet`, shared by lint and diff. */
export interface ReportFlags {
  output?: string;
  quiet?: boolean;
}

/**
 * Where a report goes: without -o, `product` (the --format output) to stdout; with -o, `product`
 * to the file (replaced, written atomically) and the text rendering to stdout, so a CI log
 * stays readable while the file feeds code scanning or a PR comment. --quiet silences stdout.
 */
export async function deliverReport(
  flags: ReportFlags,
  stdout: NodeJS.WritableStream,
  product: string,
  text: () => string,
): Promise<void> {
  if (flags.output !== undefined && flags.output !== '-') await writeOutput(flags.output, product, { force: true });
  if (flags.quiet) return;
  stdout.write(flags.output === undefined || flags.output === '-' ? product : text());
}

/** `--ignore a,b --ignore c` → checked rule ids. */
export function parseRuleList(values: readonly string[], flag: string): string[] {
  const ids = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  checkRuleIds(ids, flag);
  return ids;
}
