import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { referencePath } from '../helpers/reference.js';

describe('how the built CLI reports errors', () => {
  it('prints a user error as message and hint only, and with --debug the stack and the cause chain', () => {
    const plain = runCli(['lint', '/nonexistent-seccompose.json']);
    expect(plain).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'seccompose: cannot read profile /nonexistent-seccompose.json: no such file\nhint: check the path, or pass - to read from stdin\n',
    });
    const debug = runCli(['lint', '/nonexistent-seccompose.json', '--debug']);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/^seccompose: cannot read .*\nhint: .*\nInputError: cannot read .*\n {4}at /);
    expect(debug.stderr).toMatch(
      /\ncaused by: Error: ENOENT: no such file or directory, stat '\/nonexistent-seccompose\.json'\n/,
    );
  });

  it('ends a negative check (diff --fail-on-added) with exit 1, what was found and a hint', () => {
    const wider = referencePath('containers-common-seccomp.json');
    const r = runCli(['diff', 'docker-default', wider, '--fail-on-added']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Attack surface: .*, 23 added/m);
    expect(r.stderr).toBe(
      `seccompose: ${wider} allows more than docker-default: 23 syscall(s) newly allowed, 2 argument filter(s) widened (--fail-on-added)\n` +
        'hint: the diff above lists them; drop --fail-on-added to accept a wider profile\n',
    );
  });
});
