import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const GOOD = 'test/fixtures/lint/good';
const goodFiles = readdirSync(join(repoRoot, GOOD)).filter((f) => f.endsWith('.json'));
const root = mkdtempSync(join(tmpdir(), 'seccompose-wt-ci-lint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A repository with a generated profile (it carries syscall-not-on-arch info findings) and its recording. */
function repo(config?: string): string {
  const dir = mkdtempSync(join(root, 'repo-'));
  mkdirSync(join(dir, 'seccomp/sub'), { recursive: true });
  copyFileSync(join(repoRoot, 'test/fixtures/observations/http-server.json'), join(dir, 'seccomp/web.obs.json'));
  expect(runCli(['generate', 'seccomp/web.obs.json', '-o', 'seccomp/sub/web.json'], { cwd: dir }).code).toBe(0);
  if (config !== undefined) writeFileSync(join(dir, '.seccompose.yaml'), config);
  return dir;
}

describe('seccompose lint in CI (built CLI)', () => {
  it('a directory lints every *.json below it, a quoted glob its matches', () => {
    const dir = runCli(['lint', GOOD, '--fail-on', 'never']);
    expect(dir.code).toBe(0);
    expect(dir.stdout).toMatch(new RegExp(`in ${goodFiles.length} files\\n$`));
    const glob = runCli(['lint', 'test/fixtures/lint/*/arg-index.json', '--json']);
    expect(JSON.parse(glob.stdout).files.map((f: { path: string }) => f.path)).toEqual([
      'test/fixtures/lint/bad/arg-index.json',
      'test/fixtures/lint/good/arg-index.json',
    ]);
    const none = runCli(['lint', 'test/fixtures/nothing-*/*.json']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no file matches test/fixtures/nothing-*/*.json');
    expect(runCli(['lint', 'test/fixtures/docker-20.10']).stdout).toContain('test/fixtures/docker-20.10/info.json:');
  });

  it('the info finding of every generated profile is silenced by --ignore or the config found upward; observations are skipped', () => {
    const plain = repo();
    const before = runCli(['lint', 'seccomp'], { cwd: plain });
    expect(before.stdout).toContain('info syscall-not-on-arch');
    expect(before.stderr).toBe('seccompose: not linted, observations rather than profiles: seccomp/web.obs.json\n');
    const ignored = runCli(['lint', 'seccomp', '--ignore', 'syscall-not-on-arch'], { cwd: plain });
    expect(ignored.stdout).toBe('0 errors, 0 warnings, 0 infos in 1 file\n');
    const configured = repo('lint:\n  rules:\n    syscall-not-on-arch: off\n');
    const fromBelow = runCli(['lint', '.'], { cwd: join(configured, 'seccomp/sub') });
    expect(fromBelow.stdout).toBe('0 errors, 0 warnings, 0 infos in 1 file\n');
    const raised = repo(
      'lint:\n  overrides:\n    - files: ["seccomp/sub/*.json"]\n      rules: { syscall-not-on-arch: error }\n',
    );
    const r = runCli(['lint', 'seccomp/sub/web.json'], { cwd: raised });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('error syscall-not-on-arch');
    const bad = runCli(['lint', 'seccomp', '--config', 'nope.yaml'], { cwd: plain });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot read');
    const unknown = runCli(['lint', 'seccomp', '--ignore', 'high-risk'], { cwd: plain });
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('--ignore: unknown rule "high-risk"');
  });

  it('-o FILE gets the --format output and stdout the text; --quiet leaves only the exit code', () => {
    const out = join(root, 'lint.sarif');
    const r = runCli(['lint', 'test/fixtures/lint/bad/arg-index.json', '--format', 'sarif', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/arg-index\.json:\d+:\d+ error arg-index/);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'test/fixtures/lint/bad/arg-index.json',
    );
    const quiet = runCli(['lint', 'test/fixtures/lint/bad/arg-index.json', '--quiet']);
    expect(quiet).toMatchObject({ code: 1, stdout: '', stderr: '' });
    expect(runCli(['lint', GOOD, '-q', '--fail-on', 'never'])).toMatchObject({ code: 0, stdout: '' });
  });

  it('SARIF refuses inputs that are not files of the repository: stdin and shipped profiles', () => {
    const stdin = runCli(['lint', '-', '--format', 'sarif'], { input: '{}' });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain(
      '--format sarif needs profile files, but stdin (-) is not a file of your repository',
    );
    const shipped = runCli(['lint', 'docker-default', '--format', 'sarif']);
    expect(shipped.code).toBe(2);
    expect(shipped.stderr).toContain('the shipped docker-default is not a file');
    const outside = runCli(['lint', join(repoRoot, 'test/fixtures/lint/good/minimal.json'), '--format', 'sarif'], {
      cwd: join(repoRoot, 'test/e2e'),
    });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('--format sarif needs files below the working directory, but /');
  });
});
