import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { EnvironmentError, ExitCode, type ExitCodeValue, SETUP_COMMAND } from '../../errors.js';
import { describeFailure, processRunner, throwIfCancelled } from '../../exec/run.js';
import type { Act, CommandContext } from '../context.js';

/** Installing packages and building the Debian image can take a while on a slow mirror. */
const SETUP_TIMEOUT_MS = 30 * 60_000;

/** The setup script shipped in the package (package.json "files"); dist/cli/commands and src/cli/commands alike. */
const SETUP_SCRIPT = fileURLToPath(new URL('../../../scripts/setup', import.meta.url));

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
    .action(act(runSetup));
}

async function runSetup(context: CommandContext): Promise<ExitCodeValue> {
  const result = await processRunner.run('bash', [SETUP_SCRIPT], {
    inherit: true,
    timeoutMs: SETUP_TIMEOUT_MS,
    signal: context.signal,
    env: { SECCOMPOSE_SETUP_COMMAND: SETUP_COMMAND },
  });
  throwIfCancelled(result);
  if (result.exitCode === ExitCode.ok) return ExitCode.ok;
  // The script has said on stderr what is missing and how to get it.
  if (result.exitCode === ExitCode.environment) return ExitCode.environment;
  throw new EnvironmentError(`the setup script failed: ${describeFailure(result)}`, {
    hint: `its output above says which step; run \`bash ${SETUP_SCRIPT}\` to see it again`,
  });
}
