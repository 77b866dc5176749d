import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { crdValidator, securityContextValidator } from '../helpers/kubernetes-schemas.js';
import { referencePath } from '../helpers/reference.js';

const dir = mkdtempSync(join(tmpdir(), 'seccompose-e2e-spo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const obs = (name: string) => join('test/fixtures/observations', name);
const profile = join(dir, 'web.json');

describe('emit --format kubernetes → diff (built CLI)', () => {
  it('round-trips: the emitted SeccompProfile diffs empty against the profile it came from', () => {
    expect(runCli(['generate', obs('http-server.json'), '-o', profile]).code).toBe(0);
    const yaml = join(dir, 'web.yaml');
    const emitted = runCli([
      'emit',
      profile,
      '--format',
      'kubernetes',
      '--bind-image',
      'web:1',
      '--namespace',
      'shop',
      '-o',
      yaml,
    ]);
    expect(emitted.code, emitted.stderr).toBe(0);
    const [sp, binding] = parseAllDocuments(readFileSync(yaml, 'utf8')).map((d) => d.toJS());
    expect(crdValidator('spo-crd-seccompprofile.yaml', 'v1')(sp)).toBe(true);
    expect(crdValidator('spo-crd-profilebinding.yaml', 'v1')(binding)).toBe(true);
    const diff = runCli(['diff', profile, yaml, '--json']);
    expect(diff.code, diff.stderr).toBe(0);
    expect(JSON.parse(diff.stdout)).toMatchObject({ added: [], removed: [], changed: [] });
    const lint = runCli(['lint', yaml]);
    expect(lint.code, lint.stdout).toBe(0);
  });

  it('refuses a namespace without a binding, and names that are not DNS-1123 (exit 2)', () => {
    const ns = runCli(['emit', profile, '--format', 'kubernetes', '--namespace', 'shop']);
    expect(ns.code).toBe(2);
    expect(ns.stderr).toMatch(/cluster-scoped \(its CRD says scope: Cluster\)/);
    const bad = runCli(['emit', profile, '--format', 'kubernetes', '--name', 'Web_1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--name "Web_1" is not a valid Kubernetes object name/);
  });

  it('writes a pod securityContext the Kubernetes schema accepts', () => {
    const r = runCli(['emit', profile, '--format', 'pod-security', '--name', 'web', '--from', obs('http-server.json')]);
    expect(r.code, r.stderr).toBe(0);
    const doc = parseAllDocuments(r.stdout)[0]!.toJS();
    expect(doc.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'Localhost', localhostProfile: 'operator/web.json' },
    });
    expect(securityContextValidator()(doc.securityContext)).toBe(true);
  });

  it('lint and diff read a kubectl List and pick objects with #NAME', () => {
    const list = join(dir, 'list.yaml');
    const items = parseAllDocuments(readFileSync(referencePath('spo-example-seccompprofile.yaml'), 'utf8')).map((d) =>
      d.toJS(),
    );
    writeFileSync(list, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const diff = runCli(['diff', `${list}#profile-block-all`, `${list}#profile-allow-unsafe`, '--json']);
    expect(diff.code, diff.stderr).toBe(0);
    expect(JSON.parse(diff.stdout).added.length).toBeGreaterThan(300);
    const lint = runCli(['lint', list, '--json']);
    expect(lint.code).toBe(0);
    expect(JSON.parse(lint.stdout).files[0].findings[0].message).toMatch(/^SeccompProfile profile-/);
  });
});

describe('merge (built CLI)', () => {
  it('merges observations, refuses mixed images without --force, and is idempotent', () => {
    const out = join(dir, 'merged.obs.json');
    const a = runCli(['merge', obs('http-server.json'), obs('shell-files.json'), '-o', out]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toMatch(/merged 2 observation input\(s\), 2 recording\(s\)/);
    const again = runCli(['merge', out, obs('shell-files.json')]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(readFileSync(out, 'utf8'));
    const mixed = runCli(['merge', obs('http-server.json'), obs('nginx-ebpf.json')]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/refusing to merge recordings of different images/);
    expect(runCli(['merge', obs('http-server.json'), obs('nginx-ebpf.json'), '--force']).code).toBe(0);
    expect(runCli(['generate', out, '-o', join(dir, 'from-merged.json')]).code).toBe(0);
  });

  it('extends a base profile: base rules kept, what the base denies stays denied', () => {
    const base = join(dir, 'base.json');
    writeFileSync(
      base,
      JSON.stringify({
        defaultAction: 'SCMP_ACT_ERRNO',
        architectures: ['SCMP_ARCH_X86_64'],
        syscalls: [
          { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' },
          { names: ['unlinkat'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 },
        ],
      }),
    );
    const r = runCli(['merge', base, obs('shell-files.json')]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.syscalls.slice(0, 2)).toEqual([
      { names: ['read', 'write'], action: 'SCMP_ACT_ALLOW' },
      { names: ['unlinkat'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 },
    ]);
    expect(out.syscalls[2].names).toContain('fchownat');
    expect(out.syscalls[2].names).not.toContain('unlinkat');
    expect(r.stderr).toMatch(/kept denied or filtered, as the base has them \(1\): unlinkat: ERRNO\(EACCES\)/);
  });
});
