import { EnvironmentError, ExitCode, type ExitCodeValue, SETUP_COMMAND } from '../../errors.js';
import { describeFailure, processRunner, throwIfCancelled } from '../../exec/run.js';
import { packagePath } from '../../package-files.js';
import type { CommandContext } from '../context.js';

/** Installing packages and building the Debian image can take a while on a slow mirror. */
const SETUP_TIMEOUT_MS = 30 * 60_000;

/** The setup script shipped in the package (package.json "files"). */
const SETUP_SCRIPT = packagePath('scripts/setup');

/** `seccompose setup`'s action: run the packaged setup script. */
export async function runSetup(context: CommandContext): Promise<ExitCodeValue> {
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
