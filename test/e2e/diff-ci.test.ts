import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { referencePath } from '../helpers/reference.js';

const PODMAN = referencePath('containers-common-seccomp.json');
const root = mkdtempSync(join(tmpdir(), 'seccompose-wt-ci-diff-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('seccompose diff in CI (built CLI)', () => {
  it('--exit-code: 0 for identical inputs, 1 for any difference (also one that only removes)', () => {
    expect(runCli(['diff', 'docker-default', 'docker-default', '--exit-code'])).toMatchObject({ code: 0, stderr: '' });
    const removes = runCli(['diff', PODMAN, 'docker-default', '--exit-code']);
    expect(removes.code).toBe(1);
    expect(removes.stdout).toContain('Removed (');
  });

  it('--fail-on gates: added and high-risk trip where Podman allows more, caps does not without capability sets', () => {
    const r = runCli(['diff', 'docker-default', PODMAN, '--fail-on', 'high-risk', '--fail-on', 'caps', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^seccompose: \S+ allows more than docker-default: high-risk syscall\(s\) newly allowed: [a-z_0-9, ]+ \(--fail-on high-risk\)\nhint: /,
    );
    expect(runCli(['diff', 'docker-default', PODMAN, '--fail-on', 'caps']).code).toBe(0);
    const bad = runCli(['diff', 'docker-default', PODMAN, '--fail-on', 'removed']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fail-on: unknown gate "removed"');
    expect(bad.stderr).toContain('hint: use added, high-risk, caps');
  });

  it('-o FILE gets the markdown (with why for each added high-risk call), stdout the text', () => {
    const md = join(root, 'diff.md');
    const r = runCli(['diff', 'docker-default', PODMAN, '--format', 'markdown', '-o', md]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('High-risk syscalls newly allowed');
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('#### ⚠️ High-risk syscalls newly allowed');
    expect(text).toMatch(/\| `\w+` \| [^|]+\. \| no provenance \|/);
  });
});
