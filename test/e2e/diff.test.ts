import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { referencePath, readReference } from '../helpers/reference.js';

const V010 = referencePath('docker-default-profiles-v0.1.0.json');
const NEWEST = referencePath('docker-default.json');
const PODMAN = referencePath('containers-common-seccomp.json');
const SMALL = JSON.stringify({
  defaultAction: 'SCMP_ACT_ERRNO',
  architectures: ['SCMP_ARCH_X86_64'],
  syscalls: [{ names: ['read', 'write', 'openat', 'close', 'exit_group', 'bpf'], action: 'SCMP_ACT_ALLOW' }],
});

describe('seccompose diff (built CLI)', () => {
  it('prints the v0.1.0 → newest socket change as JSON with the agreed shape and exits 0', () => {
    const r = runCli(['diff', V010, NEWEST, '--json', '--kernel', '6.1']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json).slice(0, 5)).toEqual(['context', 'added', 'removed', 'changed', 'defaultAction']);
    expect(json.context).toEqual({
      arch: 'SCMP_ARCH_X86_64',
      caps: expect.arrayContaining(['CAP_SYS_CHROOT']),
      kernel: '6.1',
    });
    expect(json.context.caps).toHaveLength(14);
    expect(json).toMatchObject({
      added: [],
      removed: [],
      changed: [{ name: 'socket', from: 'ALLOW if arg0 != 40', to: 'ALLOW if arg0 < 38 || arg0 == 39 || arg0 > 40' }],
      defaultAction: { from: 'ERRNO(EPERM)', to: 'ERRNO(EPERM)' },
    });
  });

  it('accepts --format json like --json, and the shipped name docker-default', () => {
    const a = runCli(['diff', 'docker-default', NEWEST, '--format', 'json', '--kernel', '5.4']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ added: [], removed: [], changed: [] });
  });

  it('shows the attack surface removed, with high-risk calls, in text', () => {
    const r = runCli(['diff', 'docker-default', '-', '--kernel', '6.1'], { input: SMALL });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('docker-default → stdin');
    expect(r.stdout).toMatch(/Attack surface: 370 → 6 syscalls allowed, 365 removed \(98\.6%\), 1 added/);
    expect(r.stdout).toMatch(/High-risk syscalls removed \(\d+\):\n(.*\n)*\s+ptrace\s+Inspects/);
    expect(r.stdout).toContain('+ bpf: ALLOW  [high risk]');
    expect(r.stdout).toContain('Architectures: -SCMP_ARCH_X32 -SCMP_ARCH_X86');
  });

  it('exits 1 with --fail-on-added when the new profile allows more, 0 when it does not', () => {
    const more = runCli(['diff', 'docker-default', PODMAN, '--fail-on-added', '--json']);
    expect(more.code).toBe(1);
    expect(JSON.parse(more.stdout).added).toContain('mount');
    expect(more.stderr).toMatch(/newly allowed.*--fail-on-added/);
    const less = runCli(['diff', V010, NEWEST, '--fail-on-added']);
    expect(less.code).toBe(0);
  });

  it('treats a widened argument filter as allowing more under --fail-on-added', () => {
    const noFilter = readReference('docker-default.json').replace('"SCMP_CMP_LT"', '"SCMP_CMP_NE"');
    const r = runCli(['diff', 'docker-default', '-', '--fail-on-added', '--json'], { input: noFilter });
    const json = JSON.parse(r.stdout);
    expect(json.changed).toEqual([
      {
        name: 'socket',
        from: 'ALLOW if arg0 < 38 || arg0 == 39 || arg0 > 40',
        to: 'ALLOW if arg0 != 38 || arg0 == 39 || arg0 > 40',
      },
    ]);
    expect(json.widened).toEqual(['socket']);
    expect(r.code).toBe(1);
  });

  it('renders markdown for a pull-request comment', () => {
    const r = runCli(['diff', 'docker-default', PODMAN, '--format', 'markdown', '--kernel', '6.1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### seccomp profile diff: `docker-default` → `.*containers-common-seccomp\.json`/);
    expect(r.stdout).toContain('| default action | `ERRNO(EPERM)` | `ERRNO(ENOSYS)` |');
    expect(r.stdout).toContain('| added | `mount` ⚠️ high risk | `ERRNO(EPERM)` | `ALLOW` |');
    expect(r.stdout).toContain('`ALLOW if arg0 < 38 \\|\\| arg0 == 39 \\|\\| arg0 > 40`');
    expect(r.stdout).toContain('<details>\n<summary>Removed (14)</summary>');
  });

  it('resolves for the given arch and caps', () => {
    const arm = JSON.parse(runCli(['diff', V010, NEWEST, '--arch', 'arm64', '--caps', 'all', '--json']).stdout);
    expect(arm.context.arch).toBe('SCMP_ARCH_AARCH64');
    expect(arm.context.caps).toHaveLength(41);
    // LoongArch was added to the archMap in v0.2.x, but only a loong64 daemon would see it.
    expect(arm.architectures).toEqual({ added: [], removed: [] });
  });

  it.each([
    [['diff', 'missing.json', 'docker-default'], /cannot read profile missing\.json: no such file/, /^hint: /m],
    [['diff', 'docker-default', 'docker-default', '--caps', 'CAP_FLY'], /unknown capability "CAP_FLY"/, /^hint: /m],
    [['diff', 'docker-default', 'docker-default', '--kernel', 'new'], /invalid kernel version "new"/, /^hint: /m],
    [['diff', 'docker-default', 'docker-default', '--arch', 'vax'], /unknown architecture "vax"/, /^hint: /m],
    [['diff', 'docker-default', 'docker-default', '--format', 'yaml'], /argument 'yaml' is invalid/, /^hint: /m],
    [['diff', '-', '-'], /stdin can be read only once/, /^hint: /m],
    [['diff', 'docker-default'], /missing required argument 'new'/, /^hint: /m],
  ])('exits 2 on %j with a message and a hint, no stack', (args, message, hint) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(hint);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('reports invalid JSON on stdin with its position', () => {
    const r = runCli(['diff', 'docker-default', '-'], { input: '{"defaultAction": ' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stdin: invalid JSON at \d+:\d+/);
  });

  it('has help with examples and exit codes', () => {
    const r = runCli(['diff', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('seccompose diff docker-default nginx.json');
    expect(r.stdout).toContain('--fail-on-added');
    expect(r.stdout).toMatch(/Exit codes: 0/);
  });
});
