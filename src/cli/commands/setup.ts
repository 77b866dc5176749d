import type { Command } from 'commander';
import { type Act, lazyAction } from '../context.js';

const HELP = `
Gets a Debian or Ubuntu machine ready to record and verify, as root: installs the packages
(docker.io, strace, auditd, bpftrace, runc, crun, ...), mounts tracefs, starts the Docker engine
and auditd (large backlog, no rate limit). Each step checks first and does nothing when done,
so it is safe to run again; it prints one line per component. In a clone of the repository it
also builds the local test and demo images (seccompose/busybox:1, seccompose/workload:1, ...).

It runs the script scripts/setup that ships in the package (\`bash scripts/setup\` in a clone).

Exit codes: 0 ready; 3 something is missing and could not be done here (not root, no apt): the
lines above say what and how to get it.`;

/** `seccompose setup`: run the packaged setup script, so the hints work from an installed package. */
export function registerSetup(program: Command, act: Act): void {
  program
    .command('setup')
    .description('install and start what seccompose needs (engine, tracers, auditd); idempotent, run as root')
    .addHelpText('after', HELP)
    .action(act(lazyAction(async () => (await import('./setup-run.js')).runSetup)));
}
