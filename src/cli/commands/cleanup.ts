import type { Command } from 'commander';
import { type Act, lazyAction } from '../context.js';

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
    .action(act(lazyAction(async () => (await import('./cleanup-run.js')).runCleanup)));
}
