import { EnvironmentError, SETUP_COMMAND } from '../../errors.js';
import type { Runner } from '../../exec/run.js';

/** `strace -V` → its version ("6.1"); EnvironmentError with what to do when strace is missing. */
export async function probeStrace(runner: Runner): Promise<string> {
  const result = await runner.run('strace', ['-V'], { timeoutMs: 30_000 });
  const version = /strace -- version (\S+)/.exec(result.stdout)?.[1];
  if (result.failed || version === undefined) {
    throw new EnvironmentError(
      `strace -V failed: ${(result.stderr || result.stdout).trim().slice(0, 200) || `exit ${result.exitCode}`}`,
      {
        hint: `install strace (\`apt-get install strace\`, or \`${SETUP_COMMAND}\` as root)`,
      },
    );
  }
  return version;
}
