import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'robust-gate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('a gate Docker cannot walk around: profiles read as dockerd reads them', () => {
  const walkAround = file('walk-around.json', '{"defaultAction":"SCMP_ACT_ERRNO",\n "defaultaction":"SCMP_ACT_ALLOW"}');

  it('lint fails the case-variant key as an error naming both places', () => {
    const r = runCli(['lint', walkAround]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/2:2 error duplicate-key .*"defaultaction" at 2:2 and "defaultAction" at 1:2/);
    expect(r.stdout).not.toContain('Docker ignores it');
  });

  it('diff sees the ALLOW default Docker runs, and --fail-on-added fails', () => {
    const r = runCli(['diff', 'docker-default', walkAround, '--fail-on-added']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Default action: ERRNO(EPERM) → ALLOW');
    expect(r.stderr).toContain('newly allowed');
  });

  it('inside rules too: "Names" and "ACTION" are what Docker applies', () => {
    const path = file(
      'rule.json',
      '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ERRNO","Names":["ptrace"],"ACTION":"SCMP_ACT_ALLOW"}]}',
    );
    const r = runCli(['diff', file('empty.json', '{"defaultAction":"SCMP_ACT_ERRNO"}'), path, '--json']);
    expect(JSON.parse(r.stdout).added).toEqual(['ptrace']);
    expect(runCli(['lint', path]).stdout.match(/error duplicate-key/g)).toHaveLength(2);
  });

  it('every other reader of a profile (emit, record/verify --baseline, generate) uses the same effective value', () => {
    const r = runCli(['emit', walkAround, '--format', 'oci']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).linux.seccomp.defaultAction).toBe('SCMP_ACT_ALLOW');
  });

  it('a UTF-8 BOM is refused by diff, as by lint and dockerd', () => {
    const bom = file('bom.json', '\ufeff{"defaultAction":"SCMP_ACT_ERRNO"}');
    const r = runCli(['diff', 'docker-default', bom]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('byte order mark');
    expect(runCli(['lint', bom]).code).toBe(1);
  });

  it('__proto__, constructor, toString are ordinary unknown keys', () => {
    const path = file(
      'proto.json',
      '{"defaultAction":"SCMP_ACT_ERRNO","constructor":1,"toString":2,"__proto__":{"x":1}}',
    );
    const r = runCli(['lint', path]);
    expect(r.stdout).not.toContain('native code');
    expect(r.stdout.match(/unknown field "(constructor|toString|__proto__)": Docker ignores it/g)).toHaveLength(3);
  });

  it('defaultErrnoRet: 1e400 says the number is out of range', () => {
    const r = runCli([
      'diff',
      'docker-default',
      file('big.json', '{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1e400}'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('beyond 1.8e308');
    expect(r.stderr).not.toContain('got null');
  });
});
