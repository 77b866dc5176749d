import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { observationsDir } from '../unit/generate/fixtures.js';

const obs = (name: string) => join(observationsDir, name);
const root = mkdtempSync(join(tmpdir(), 'seccompose-generate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let scratchCount = 0;
const scratch = () => mkdtempSync(join(root, `case-${scratchCount++}-`));

describe('seccompose generate (built CLI)', () => {
  it('writes the profile and the compose fragment, and ends with a summary on stderr', () => {
    const dir = scratch();
    const r = runCli([
      'generate',
      obs('http-server.json'),
      '-o',
      join(dir, 'web.json'),
      '--compose',
      join(dir, 'compose.seccomp.yaml'),
      '--service',
      'web',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^seccompose: wrote .*web\.json from 1 observation\(s\)/);
    expect(r.stderr).toMatch(
      /against Docker's default \(x86_64 daemon, 14 caps, kernel \d+\.\d+\): allowed here \d+, there \d+; \d+ removed/,
    );
    expect(r.stderr).toContain("cap_add none; 14 of Docker's 14 default capabilities dropped");
    expect(r.stderr).toContain('not added (undecidable from the evidence; verify): CAP_NET_BIND_SERVICE');
    expect(JSON.parse(readFileSync(join(dir, 'web.json'), 'utf8')).defaultErrnoRet).toBe(1);
    expect(parse(readFileSync(join(dir, 'compose.seccomp.yaml'), 'utf8')).services.web.security_opt[0]).toBe(
      'seccomp=./web.json',
    );
  });

  it('writes the profile to stdout with -o - and names a placeholder path in the docker run line', () => {
    const r = runCli(['generate', obs('shell-files.json'), '-o', '-']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(r.stderr).toContain('docker run --security-opt seccomp=PROFILE.json ');
  });

  it('gives byte-identical files for the same evidence in any order and from any directory', () => {
    const dir = scratch();
    const a = runCli([
      'generate',
      obs('http-server.json'),
      obs('shell-files.json'),
      obs('legacy-i386.json'),
      '-o',
      join(dir, 'a.json'),
    ]);
    const b = runCli(
      ['generate', 'legacy-i386.json', 'http-server.json', 'shell-files.json', '-o', join(dir, 'b.json')],
      { cwd: observationsDir },
    );
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
  });

  it('agrees with `seccompose diff docker-default` on the summary numbers', () => {
    const dir = scratch();
    const profile = join(dir, 'p.json');
    const gen = runCli(['generate', obs('http-server.json'), obs('nginx-ebpf.json'), '-o', profile, '--json']);
    expect(gen.code, gen.stderr).toBe(0);
    const ours = JSON.parse(gen.stdout).againstDockerDefault;
    const diff = runCli(['diff', 'docker-default', profile, '--format', 'json']);
    const summary = JSON.parse(diff.stdout).summary;
    expect([ours.allowedThere, ours.allowedHere, ours.removed, ours.added, ours.percentRemoved]).toEqual([
      summary.oldAllowed,
      summary.newAllowed,
      summary.removed,
      summary.added,
      summary.percentRemoved,
    ]);
    expect(ours.highRiskRemoved).toEqual(summary.highRiskRemoved);
    expect(gen.stderr).toContain(
      `allowed here ${summary.newAllowed}, there ${summary.oldAllowed}; ${summary.removed} removed (${summary.percentRemoved}%)`,
    );
  });

  it('refuses a partial observation (exit 2, hint) unless --allow-partial', () => {
    const dir = scratch();
    const refused = runCli(['generate', obs('shell-partial.json'), '-o', join(dir, 'p.json')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('observation shell-partial.json is partial');
    expect(refused.stderr).toContain('hint: record the workload again until it finishes, or pass --allow-partial');
    expect(existsSync(join(dir, 'p.json'))).toBe(false);
    expect(runCli(['generate', obs('shell-partial.json'), '-o', join(dir, 'p.json'), '--allow-partial']).code).toBe(0);
  });

  it('never overwrites without --force', () => {
    const dir = scratch();
    const out = join(dir, 'p.json');
    writeFileSync(out, 'precious');
    const r = runCli(['generate', obs('shell-files.json'), '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
    expect(readFileSync(out, 'utf8')).toBe('precious');
    const forced = runCli(['generate', obs('shell-files.json'), '-o', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^\{\n {2}"defaultAction": "SCMP_ACT_ERRNO"/);
  });

  it('--explain lists the evidence for each syscall', () => {
    const dir = scratch();
    const r = runCli([
      'generate',
      obs('http-server.json'),
      obs('legacy-i386.json'),
      '-o',
      join(dir, 'p.json'),
      '--explain',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^execve +allow +http-server\.json x86_64 ×1; legacy-i386\.json x86_64 ×1; runtime set x86_64$/m,
    );
    expect(r.stdout).toMatch(/^clone3 +ENOSYS +fallback ENOSYS: glibc/m);
    expect(r.stdout).toMatch(/^socket +allow \(filtered\) .*\n +filter: only the observed address families 2, 10/m);
    expect(r.stdout).toContain(
      'CAP_NET_BIND_SERVICE possible, not added (inferred): bind() to port 80: Docker ≥ 20.10 sets net.ipv4.ip_unprivileged_port_start=0',
    );
    expect(r.stderr).toContain('blocked attempts NOT included: ptrace');
  });

  it('rejects bad flag combinations and invalid input with exit 2', () => {
    expect(
      runCli(['generate', obs('shell-files.json'), '--default-action', 'kill', '--errno', 'EPERM']).stderr,
    ).toContain('--errno only applies');
    expect(runCli(['generate', obs('shell-files.json'), '--compose', 'x.yaml']).code).toBe(2);
    const bad = runCli(['generate', join(observationsDir, '..', 'observations')]);
    expect(bad.code).toBe(2);
    const notObs = runCli(['generate', '-'], { input: '{"defaultAction":"SCMP_ACT_ALLOW"}' });
    expect(notObs.code).toBe(2);
    expect(notObs.stderr).toContain('not a seccompose observation');
  });

  it('prints to stdout with -o - (default) and the chosen default action', () => {
    const r = runCli(['generate', obs('shell-files.json'), '--default-action', 'kill-process']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      defaultAction: 'SCMP_ACT_KILL_PROCESS',
      architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
    });
    const arches = runCli(['generate', '--arch', 'arm64', '--arch', 's390x', obs('shell-files.json')]);
    expect(arches.code, arches.stderr).toBe(0);
    expect(JSON.parse(arches.stdout).archMap).toEqual([
      { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] },
      { architecture: 'SCMP_ARCH_S390X', subArchitectures: ['SCMP_ARCH_S390'] },
    ]);
  });
});

describe('seccompose emit (built CLI)', () => {
  it('emits every format for a generated profile', () => {
    const dir = scratch();
    const profile = join(dir, 'web.json');
    expect(runCli(['generate', obs('nginx-ebpf.json'), '-o', profile]).code).toBe(0);
    const flags = runCli(['emit', profile, '--format', 'docker-flags', '--from', obs('nginx-ebpf.json')]);
    expect(flags.stdout).toBe(
      `--security-opt seccomp=${profile} --security-opt no-new-privileges --cap-drop ALL --cap-add CHOWN --cap-add SETGID --cap-add SETUID\n`,
    );
    const compose = runCli([
      'emit',
      profile,
      '--service',
      'nginx',
      '--caps',
      'NET_BIND_SERVICE',
      '-o',
      join(dir, 'compose.seccomp.yaml'),
    ]);
    expect(compose.code, compose.stderr).toBe(0);
    expect(parse(readFileSync(join(dir, 'compose.seccomp.yaml'), 'utf8')).services.nginx).toMatchObject({
      security_opt: ['seccomp=./web.json', 'no-new-privileges:true'],
      cap_add: ['NET_BIND_SERVICE'],
    });
    const oci = runCli(['emit', profile, '--format', 'oci']);
    expect(JSON.parse(oci.stdout).linux.seccomp.defaultAction).toBe('SCMP_ACT_ERRNO');
    const k8s = runCli([
      'emit',
      profile,
      '--format',
      'kubernetes',
      '--bind-image',
      'nginx:1',
      '--namespace',
      'shop',
      '--caps',
      'NET_BIND_SERVICE',
    ]);
    expect(k8s.code, k8s.stderr).toBe(0);
    // The SeccompProfile CRD is cluster-scoped: only the ProfileBinding carries the namespace.
    const [sp, binding] = parseAllDocuments(k8s.stdout).map((d) => d.toJS());
    expect(sp).toMatchObject({ kind: 'SeccompProfile', metadata: { name: 'web' } });
    expect(sp.metadata.namespace).toBeUndefined();
    expect(binding).toMatchObject({ kind: 'ProfileBinding', metadata: { name: 'web', namespace: 'shop' } });
    expect(k8s.stdout).toContain('localhostProfile: operator/web.json');
  });

  it('rejects --caps with --from, and unknown capabilities', () => {
    expect(runCli(['emit', 'docker-default', '--caps', 'CHOWN', '--from', obs('nginx-ebpf.json')]).code).toBe(2);
    expect(runCli(['emit', 'docker-default', '--caps', 'CAP_FLY']).stderr).toContain('unknown capability');
  });
});
