import type { Command } from 'commander';
import { EnvironmentError, ExitCode } from '../../errors.js';
import { processRunner } from '../../exec/run.js';
import { stableJson } from '../../model/stable-order.js';
import { findLeftovers, removeLeftovers } from '../../cleanup/leftovers.js';
import { stateDir } from '../../state/registry.js';
import type { Act } from '../context.js';
import { renderCleanupText } from '../render/cleanup-text.js';

const HELP = `
What a seccompose process creates outside itself is written down first (in the state directory,
/run/seccompose for root) or labelled (containers: io.seccompose.owner). When that process is gone,
for example after a SIGKILL, cleanup removes what it left:
  containers labelled with its owner tag                          docker rm --force
  compose projects it brought up: their containers, networks      docker rm / network rm / volume rm
    and volumes (compose's com.docker.compose.project label)
  audit rules keyed seccompose-*                                  auditctl -d
  tracer processes (bpftrace) it started                          SIGKILL
  private temporary directories ($TMPDIR/seccompose-*)            rm -r
Things of seccompose processes that are still running are never touched.

Examples:
  seccompose cleanup --dry-run      list what would be removed
  seccompose cleanup --json         remove, and report as JSON

Exit codes: 0 nothing left or all removed, 3 something could not be removed.`;

/** `seccompose cleanup`: remove what seccompose processes that died left on the machine. */
export function registerCleanup(program: Command, act: Act): void {
  program
    .command('cleanup')
    .description(
      'remove containers, compose projects, audit rules, tracers and temp dirs left by seccompose processes that died',
    )
    .option('--dry-run', 'only list what would be removed')
    .option('--json', 'report as JSON')
    .addHelpText('after', HELP)
    .action(
      act(async ({ stdout: out }, flags: { dryRun?: boolean; json?: boolean }) => {
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
      }),
    );
}
