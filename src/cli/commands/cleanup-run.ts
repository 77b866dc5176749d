import { EnvironmentError, ExitCode, type ExitCodeValue } from '../../errors.js';
import { processRunner } from '../../exec/run.js';
import { stableJson } from '../../model/stable-order.js';
import { findLeftovers, removeLeftovers } from '../../cleanup/leftovers.js';
import { stateDir } from '../../state/registry.js';
import type { CommandContext } from '../context.js';
import { renderCleanupText } from '../render/cleanup-text.js';

/** `seccompose cleanup`'s action: find what dead seccompose processes left and remove it. */
export async function runCleanup(
  { stdout: out }: CommandContext,
  flags: { dryRun?: boolean; json?: boolean },
): Promise<ExitCodeValue> {
  const scan = await findLeftovers(processRunner);
  const failed = flags.dryRun ? [] : await removeLeftovers(processRunner, scan);
  if (flags.json) {
    const removed = flags.dryRun ? [] : scan.leftovers.filter((l) => !failed.some((f) => f.leftover === l));
    out.write(
      stableJson({
        stateDir: stateDir(),
        dryRun: Boolean(flags.dryRun),
        found: scan.leftovers,
        removed,
        failed,
        unchecked: scan.unchecked,
      }),
    );
  } else out.write(renderCleanupText(scan, failed, Boolean(flags.dryRun)));
  if (failed.length > 0) {
    throw new EnvironmentError(`cleanup could not remove ${failed.length} leftover(s)`, {
      hint: "run seccompose cleanup as root (audit rules, tracers and other users' containers need it)",
    });
  }
  return ExitCode.ok;
}
