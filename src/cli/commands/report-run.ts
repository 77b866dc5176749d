import { writeOutput } from '../../emit/write.js';
import { packageVersion } from '../../package-files.js';
import { buildReport } from '../../report/report.js';
import { renderReportPage } from '../../report/page.js';
import type { CommandContext } from '../context.js';
import { ExitCode, type ExitCodeValue } from '../../errors.js';
import { describeContext } from '../render/diff-context.js';
import { parseArchOption, parseKernelOption } from '../resolve-options.js';
import { runningKernel } from '../../profile/context.js';

/** The flags as commander hands them over (report.ts defines them). */
export interface ReportFlags {
  output: string;
  arch: string;
  kernel?: string;
}

/** `seccompose report`'s action: build the tabs and write the page. */
export async function runReport(
  { stderr }: CommandContext,
  inputs: string[],
  flags: ReportFlags,
): Promise<ExitCodeValue> {
  const host = {
    arch: parseArchOption(flags.arch),
    kernel: flags.kernel === undefined ? runningKernel() : parseKernelOption(flags.kernel),
  };
  const tabs = await buildReport(inputs, host, describeContext);
  const html = renderReportPage(tabs, inputs, packageVersion());
  await writeOutput(flags.output, html, { force: true });
  if (flags.output !== '-')
    stderr.write(`seccompose: wrote ${flags.output}: ${tabs.length} tab(s) (${tabs.map((t) => t.title).join(', ')})\n`);
  return ExitCode.ok;
}
