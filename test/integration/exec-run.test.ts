import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { CommandStartError, processRunner } from '../../src/exec/run.js';
import { probeTool } from '../../src/exec/probe.js';

// The real runner against real programs: what a missing or unusable program turns into.
describe('processRunner', () => {
  it('throws CommandStartError (exit 3, "not installed") for a program that is not on PATH', async () => {
    const error = await processRunner.run('seccompose-no-such-program', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandStartError);
    expect(error).toMatchObject({
      exitCode: ExitCode.environment,
      missing: true,
      message: 'seccompose-no-such-program is not installed or not on PATH',
      hint: 'run `seccompose setup` (as root) to install what seccompose needs',
    });
    expect((error as Error).cause).toMatchObject({ code: 'ENOENT' });
  });

  it('says a present but unusable program could not start, with the errno', async () => {
    // A directory: present, but execve refuses it (EACCES, even for root).
    const error = await processRunner.run('/', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandStartError);
    expect(error).toMatchObject({ missing: false, message: 'could not start / (EACCES)' });
  });

  it('rejects the result of a spawned program that never started', async () => {
    const spawned = processRunner.spawn('seccompose-no-such-program', []);
    await expect(spawned.result).rejects.toThrow(CommandStartError);
  });

  it('returns a program that ran and failed as data', async () => {
    const result = await processRunner.run('sh', ['-c', 'echo oops >&2; exit 4']);
    expect(result).toMatchObject({ exitCode: 4, stderr: 'oops\n', failed: true });
  });

  it('lets probeTool report a missing tool instead of throwing', async () => {
    const probe = await probeTool(processRunner, {
      file: 'seccompose-no-such-program',
      args: ['-V'],
      pattern: /(\S+)/,
      hint: 'install it',
    });
    expect(probe).toEqual({ ok: false, reason: 'seccompose-no-such-program is not installed', hint: 'install it' });
  });
});
