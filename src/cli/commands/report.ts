import type { Command } from 'commander';
import { type Act, lazyAction } from '../context.js';

const HELP = `
One self-contained HTML page (inline CSS and SVG; no script, no network, no external asset):
per input a tab (per service for a compose file; all observations together in one) with the
allowed syscalls grouped by family (file, network, process, memory, ipc, time, privileged), a
chart of each family against Docker's default, the high-risk syscalls allowed and why, the
capability set, and for observations the calls per syscall and which recording made them.

Examples:
  seccompose report nginx.json -o report.html
  seccompose report compose.seccomp.yaml -o services.html    a tab per service
  seccompose report nginx.obs.json job.obs.json -o rec.html  calls and where each came from

Exit codes: 0 written, 2 bad flags or an unreadable/invalid input.`;

/** `seccompose report INPUT... -o report.html`: an HTML page people look at. */
export function registerReport(program: Command, act: Act): void {
  program
    .command('report')
    .description('write a self-contained HTML report of profiles, observations or compose overrides')
    .argument('<inputs...>', 'profile files (or docker-default, -), observations, compose files/overrides')
    .option('-o, --output <file>', 'the HTML file to write (replaced; - for stdout)', '-')
    .option('--arch <arch>', 'daemon architecture the profiles are resolved for', 'x86_64')
    .option('--kernel <X.Y>', 'host kernel major.minor for minKernel rules (default: the running kernel)')
    .addHelpText('after', HELP)
    .action(act(lazyAction(async () => (await import('./report-run.js')).runReport)));
}
