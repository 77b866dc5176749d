import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { referencePath } from '../helpers/reference.js';

const good = 'test/fixtures/lint/good/minimal.json';
const bad = (rule: string) => `test/fixtures/lint/bad/${rule}.json`;

describe('seccompose lint (built CLI)', () => {
  it('exits 0 with a summary line for a clean profile', () => {
    const r = runCli(['lint', good]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('0 errors, 0 warnings, 0 infos in 1 file\n');
  });

  it('exits 1 on errors and prints path:line:col severity rule message with the hint indented', () => {
    const r = runCli(['lint', bad('unknown-syscall')]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      `${bad('unknown-syscall')}:20:9 error unknown-syscall unknown syscall "opne" (no ABI in libseccomp's table has it); the rule does nothing for it`,
    );
    expect(lines[1]).toBe('    hint: fix the spelling. Did you mean open?');
    expect(lines.at(-2)).toBe('1 error, 0 warnings, 0 infos in 1 file');
  });

  it('a file that is not JSON is a finding (exit 1), not an input error', () => {
    const r = runCli(['lint', bad('invalid-json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(':6:7 error invalid-json invalid JSON: comma expected');
    expect(r.stderr).toBe('');
  });

  it('exit 2 for an unreadable file or a bad flag, with a hint and no stack trace', () => {
    const missing = runCli(['lint', 'no/such/profile.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read profile no/such/profile.json: no such file');
    expect(missing.stderr).toContain('hint:');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    expect(runCli(['lint', good, '--format', 'xml']).code).toBe(2);
    expect(runCli(['lint', good, '--caps', 'CAP_NOPE']).code).toBe(2);
    expect(runCli(['lint', good, '--arch', 'vax']).code).toBe(2);
    expect(runCli(['lint']).code).toBe(2);
  });

  it('--fail-on: warning fails on warnings, never always exits 0, info fails on notes', () => {
    expect(runCli(['lint', bad('high-risk-syscall')]).code).toBe(0);
    expect(runCli(['lint', bad('high-risk-syscall'), '--fail-on', 'warning']).code).toBe(1);
    expect(runCli(['lint', bad('schema'), '--fail-on', 'never']).code).toBe(0);
    expect(runCli(['lint', bad('syscall-not-on-arch'), '--fail-on', 'warning']).code).toBe(0);
    expect(runCli(['lint', bad('syscall-not-on-arch'), '--fail-on', 'info']).code).toBe(1);
  });

  it('--json (= --format json) has exactly the documented shape, for several files', () => {
    const r = runCli(['lint', good, bad('errno-action'), '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['files', 'summary']);
    expect(out.summary).toEqual({ errors: 1, warnings: 0, infos: 0 });
    expect(out.files.map((f: { path: string }) => f.path)).toEqual([good, bad('errno-action')]);
    expect(out.files[0].findings).toEqual([]);
    expect(out.files[1].findings).toEqual([
      {
        rule: 'errno-action',
        severity: 'error',
        message: 'errnoRet with SCMP_ACT_ALLOW, which cannot return an errno; runc refuses the profile',
        pointer: '/syscalls/1/errnoRet',
        line: 23,
        column: 7,
        hint: 'use SCMP_ACT_ERRNO for a refused call, or delete errnoRet',
      },
    ]);
    expect(runCli(['lint', good, bad('errno-action'), '--format', 'json']).stdout).toBe(r.stdout);
  });

  it('reads stdin with -, and names it stdin', () => {
    const r = runCli(['lint', '-', '--json'], { input: readFileSync(bad('clone-namespace'), 'utf8') });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.files[0].path).toBe('stdin');
    expect(out.files[0].findings.map((f: { rule: string }) => f.rule)).toEqual(['clone-namespace', 'clone-namespace']);
    expect(runCli(['lint', '-'], { input: '{"defaultAction": ' }).code).toBe(1);
  });

  it('Ctrl-C while waiting on stdin exits 130 at once, not after a second Ctrl-C', async () => {
    // stdin stays open and unfed, as when `seccompose lint -` is typed without a pipe.
    const child = spawn('bin/seccompose', ['lint', '-'], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    child.kill('SIGINT');
    const code = await Promise.race([
      exited,
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000)),
    ]);
    if (code === 'hung') child.kill('SIGKILL');
    expect(code).toBe(130);
    expect(stderr).toContain('seccompose: interrupted while reading stdin');
  });

  it('lints the shipped docker-default by name, and every anchor profile with zero errors', () => {
    expect(runCli(['lint', 'docker-default']).code).toBe(0);
    const names = [
      'docker-default.json',
      'docker-default-profiles-v0.1.0.json',
      'containers-common-seccomp.json',
      'containers-common-seccomp.legacy-containers-common-repo.json',
      'moby-fixture-example.json',
      'moby-fixture-conditional_include.json',
      'moby-fixture-default-old-format.json',
    ];
    const r = runCli(['lint', ...names.map(referencePath), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.errors).toBe(0);
  });

  it('--format sarif writes SARIF 2.1.0 with a relative URI', () => {
    const r = runCli(['lint', bad('arg-index'), '--format', 'sarif']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(bad('arg-index'));
  });

  it('--help lists the rules and examples', () => {
    const r = runCli(['lint', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--format sarif');
    expect(r.stdout).toMatch(/high-risk-syscall\s+warning/);
  });

  it('--caps and --arch change the judgement', () => {
    const text = JSON.parse(runCli(['lint', 'docker-default', '--json', '--caps', 'all']).stdout);
    const warnings = text.files[0].findings.filter(
      (f: { rule: string; severity: string }) => f.rule === 'high-risk-syscall' && f.severity === 'warning',
    );
    expect(warnings.length).toBeGreaterThan(10);
    const file = join('test', 'fixtures', 'lint', 'good', 'minimal.json');
    expect(runCli(['lint', file, '--arch', 'aarch64', '--fail-on', 'warning']).code).toBe(1);
  });
});
