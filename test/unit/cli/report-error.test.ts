import { PassThrough } from 'node:stream';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { describeCauses, reportError } from '../../../src/cli/report-error.js';
import { CheckFailedError, EnvironmentError, ExitCode, InputError, InternalError } from '../../../src/errors.js';

function report(error: unknown, debug = false): { code: number; stderr: string } {
  const stderr = new PassThrough();
  const code = reportError(error, { debug, version: '9.9.9', stderr });
  return { code, stderr: String(stderr.read() ?? '') };
}

describe('reportError', () => {
  it('prints a user error as message and hint, without a stack, and returns its exit code', () => {
    const cause = new Error('ENOENT: no such file or directory, open missing.json');
    const r = report(new InputError('cannot read missing.json: no such file', { hint: 'check the path', cause }));
    expect(r).toEqual({
      code: ExitCode.usage,
      stderr: 'seccompose: cannot read missing.json: no such file\nhint: check the path\n',
    });
  });

  it('with --debug adds the stack and every cause in turn', () => {
    const root = new Error('EACCES: permission denied');
    const middle = new Error('open /var/log/audit/audit.log', { cause: root });
    const r = report(new EnvironmentError('cannot follow the audit log', { cause: middle }), true);
    expect(r.code).toBe(ExitCode.environment);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('seccompose: cannot follow the audit log');
    expect(lines[1]).toBe('EnvironmentError: cannot follow the audit log');
    expect(lines[2]).toMatch(/^ {4}at /);
    const causes = lines.filter((line) => line.startsWith('caused by: '));
    expect(causes).toEqual([
      'caused by: Error: open /var/log/audit/audit.log',
      'caused by: Error: EACCES: permission denied',
    ]);
    expect(r.stderr.indexOf('open /var/log')).toBeLessThan(r.stderr.indexOf('EACCES'));
  });

  it('gives a check that came out negative exit 1 with its message', () => {
    expect(report(new CheckFailedError('new.json allows more than old.json'))).toEqual({
      code: ExitCode.checkFailed,
      stderr: 'seccompose: new.json allows more than old.json\n',
    });
  });

  it('prints an internal error or a plain Error with "please report", the version and the causes', () => {
    for (const error of [new InternalError('collect() before prepare()'), new TypeError('x is undefined')]) {
      const r = report(error);
      expect(r.code).toBe(ExitCode.internal);
      expect(r.stderr).toMatch(/^seccompose: internal error: /);
      expect(r.stderr).toMatch(/This is a bug in seccompose 9\.9\.9 \(node v\d+.*please report it/);
      expect(r.stderr).toMatch(/\n {4}at /);
    }
    expect(report('a string').stderr).toMatch(/^seccompose: internal error: a string\n/);
  });

  it('turns commander usage errors into exit 2 and help or version into exit 0', () => {
    const usage = report(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--nope'"));
    expect(usage).toEqual({
      code: ExitCode.usage,
      stderr: "seccompose: unknown option '--nope'\nhint: see `seccompose --help` or `seccompose <command> --help`\n",
    });
    expect(report(new CommanderError(0, 'commander.version', '1.0.0'))).toEqual({ code: 0, stderr: '' });
  });
});

describe('describeCauses', () => {
  it('stops after ten causes, so a cycle of causes cannot hang the exit', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(describeCauses(b).match(/caused by: /g)).toHaveLength(10);
  });

  it('shows a cause that is not an Error as text', () => {
    expect(describeCauses(new Error('outer', { cause: 42 }))).toMatch(/\ncaused by: 42\n$/);
  });
});
