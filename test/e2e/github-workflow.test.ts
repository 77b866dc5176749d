import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

/** The committed, ready-to-copy workflow this test exercises. */
const WORKFLOW = join(repoRoot, 'examples/github-actions/seccompose.yml');
/** Steps that only make sense on GitHub: installing seccompose there, uploading, commenting. */
const GITHUB_ONLY = ['Check out seccompose', 'Install seccompose', 'Upload SARIF', 'Comment on the pull request'];
/** The `${{ }}` expressions the shell steps' env may use, as a pull_request event into main sets them. */
const EXPRESSIONS: Record<string, string> = { 'github.base_ref': 'main' };

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Workflow {
  env: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const root = mkdtempSync(join(tmpdir(), 'seccompose-wt-ci-workflow-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function sh(cwd: string, command: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function substitute(value: string): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const known = EXPRESSIONS[expr];
    if (known === undefined) throw new Error(`the test does not know the workflow expression ${expr}`);
    return known;
  });
}

/** The job's shell steps, in order; every other step must be a plain checkout/setup-node or named in GITHUB_ONLY. */
function shellSteps(workflow: Workflow): Step[] {
  const steps = Object.values(workflow.jobs)[0]!.steps;
  for (const step of steps) {
    const skippable =
      GITHUB_ONLY.includes(step.name ?? '') ||
      (step.name === undefined && /^actions\/(checkout|setup-node)@/.test(step.uses ?? ''));
    if (step.run === undefined && !skippable)
      throw new Error(`step ${step.name ?? step.uses} is neither shell nor known GitHub-only`);
  }
  return steps.filter((s) => s.run !== undefined && !GITHUB_ONLY.includes(s.name ?? ''));
}

/** Run the workflow's shell steps as GitHub does (bash -eo pipefail, workflow + step env), every step (if: always()). */
function runWorkflow(
  workspace: string,
  bin: string,
): Record<string, { code: number | null; stdout: string; stderr: string }> {
  const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;
  const results: Record<string, { code: number | null; stdout: string; stderr: string }> = {};
  for (const step of shellSteps(workflow)) {
    const env = Object.fromEntries(
      Object.entries({ ...workflow.env, ...step.env }).map(([k, v]) => [k, substitute(String(v))]),
    );
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH}`, CI: 'true' },
    });
    results[step.name!] = { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  return results;
}

/** A repository with seccomp/profile.json generated from a recording, on main; a clone with a PR branch. */
function makeRepositories(): { origin: string; clone: string; bin: string } {
  const bin = join(root, 'bin');
  mkdirSync(bin);
  symlinkSync(join(repoRoot, 'bin/seccompose'), join(bin, 'seccompose'));
  const origin = join(root, 'origin');
  mkdirSync(join(origin, 'seccomp'), { recursive: true });
  const git = (cwd: string, ...args: string[]) =>
    sh(cwd, 'git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.invalid', ...args]);
  git(origin, 'init', '-q', '-b', 'main');
  copyFileSync(join(repoRoot, 'test/fixtures/observations/http-server.json'), join(origin, 'seccomp/web.obs.json'));
  writeFileSync(join(origin, '.seccompose.yaml'), 'lint:\n  rules:\n    syscall-not-on-arch: off\n');
  generate(origin, ['seccomp/web.obs.json']);
  git(origin, 'add', '-A');
  git(origin, 'commit', '-qm', 'profile from the web recording');
  const clone = join(root, 'clone');
  sh(root, 'git', ['clone', '-q', origin, clone]);
  return { origin, clone, bin };
}

function generate(repo: string, observations: string[]): void {
  const r = runCli(['generate', ...observations, '-o', 'seccomp/profile.json', '--force'], { cwd: repo });
  expect(r.code, r.stderr).toBe(0);
}

/** A second recording that also ptraces: the PR's regenerated profile allows ptrace. */
function addDebugRecording(clone: string): void {
  const obs = JSON.parse(readFileSync(join(clone, 'seccomp/web.obs.json'), 'utf8'));
  obs.syscalls.SCMP_ARCH_X86_64.ptrace = { count: 2, errors: 0, firstSeen: 90 };
  writeFileSync(join(clone, 'seccomp/debug.obs.json'), `${JSON.stringify(obs, null, 2)}\n`);
  generate(clone, ['seccomp/web.obs.json', 'seccomp/debug.obs.json']);
}

describe('examples/github-actions/seccompose.yml, its shell steps run locally', () => {
  const { clone, bin } = makeRepositories();

  it('on the base commit itself: lint passes with SARIF on the real file, the diff is empty and exits 0', () => {
    const results = runWorkflow(clone, bin);
    expect(Object.keys(results)).toEqual(['Lint profiles', 'Diff against the base branch']);
    expect(results['Lint profiles']).toMatchObject({ code: 0 });
    expect(results['Lint profiles']!.stdout).toContain('0 errors, 0 warnings, 0 infos in 1 file');
    expect(results['Lint profiles']!.stderr).toContain(
      'not linted, observations rather than profiles: seccomp/web.obs.json',
    );
    const sarif = JSON.parse(readFileSync(join(clone, 'seccomp-lint.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toEqual([]);
    expect(results['Diff against the base branch']!.code, results['Diff against the base branch']!.stderr).toBe(0);
    const md = readFileSync(join(clone, 'seccomp-diff.md'), 'utf8');
    expect(md).toContain('**0 removed (0.0%)**, 0 added, 0 changed.');
  });

  it('on a PR commit that adds ptrace: SARIF points at seccomp/profile.json, the diff comment says why and which recording, the step fails', () => {
    sh(clone, 'git', ['checkout', '-q', '-b', 'feature']);
    addDebugRecording(clone);
    sh(clone, 'git', [
      '-c',
      'user.name=ci',
      '-c',
      'user.email=ci@example.invalid',
      'commit',
      '-qam',
      'x',
      '--allow-empty',
    ]);
    sh(clone, 'git', ['add', '-A']);
    sh(clone, 'git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.invalid', 'commit', '-qm', 'debug recording']);
    const results = runWorkflow(clone, bin);
    expect(results['Lint profiles']!.code).toBe(0); // a warning: the gate is code scanning's
    const sarif = JSON.parse(readFileSync(join(clone, 'seccomp-lint.sarif'), 'utf8'));
    const uris = sarif.runs[0].results.map(
      (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        r.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    expect(uris.length).toBeGreaterThan(0);
    expect(new Set(uris)).toEqual(new Set(['seccomp/profile.json']));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('high-risk-syscall');
    const diff = results['Diff against the base branch']!;
    expect(diff.code).toBe(1);
    expect(diff.stderr).toContain(
      'seccomp/profile.json allows more than .seccomp-base/seccomp/profile.json: high-risk syscall(s) newly allowed: ptrace (--fail-on high-risk)',
    );
    expect(diff.stdout).toContain('+ ptrace: ALLOW  [high risk]');
    const md = readFileSync(join(clone, 'seccomp-diff.md'), 'utf8');
    expect(md).toContain('`.seccomp-base/seccomp/profile.json` → `seccomp/profile.json`');
    expect(md).toContain(
      '| `ptrace` | Inspects and controls other processes; before Linux 4.8 it could bypass seccomp entirely. | recorded in debug.obs.json |',
    );
  });
});
