import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referenceDir, readReference } from '../../helpers/reference.js';
import { lintProfileText } from '../../../src/lint/run.js';

const PROFILES = readdirSync(referenceDir)
  .filter((f) => /^(docker-default.*|containers-common-seccomp.*|moby-fixture-.*)\.json$/.test(f))
  .sort();

describe('lint on the reference profiles', () => {
  it('finds all of them (docker-default*, containers-common*, moby-fixture-*)', () => {
    expect(PROFILES).toHaveLength(7);
  });

  it.each(PROFILES)('%s lints with zero errors', (name) => {
    const findings = lintProfileText(readReference(name), name);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it("Docker's default: socketcall bypasses the socket filter on x86 (warning)", () => {
    const findings = lintProfileText(readReference('docker-default.json'), 'd');
    const bypass = findings.filter((f) => f.rule === 'multiplexer-bypass');
    expect(bypass).toHaveLength(1);
    expect(bypass[0]).toMatchObject({
      severity: 'warning',
      pointer: expect.stringMatching(/^\/syscalls\/0\/names\/\d+$/),
    });
    expect(bypass[0]!.message).toMatch(/socketcall is allowed on SCMP_ARCH_X86\b.*socket is filtered/);
  });

  it("Docker's default: cap-conditioned high-risk calls are info and say which capability", () => {
    const findings = lintProfileText(readReference('docker-default.json'), 'd').filter(
      (f) => f.rule === 'high-risk-syscall',
    );
    const mount = findings.find((f) => f.message.startsWith('mount '));
    expect(mount).toMatchObject({ severity: 'info' });
    expect(mount!.message).toContain('only with CAP_SYS_ADMIN');
    expect(mount!.message).toContain('Mounting filesystems');
    const ptrace = findings.filter((f) => f.message.startsWith('ptrace '));
    expect(ptrace.map((f) => f.severity).sort()).toEqual(['info', 'warning']);
    expect(ptrace.find((f) => f.severity === 'warning')!.message).toContain('on kernels ≥ 4.8');
  });

  it('--caps decides cap-conditioned rules: granted ones warn, others are skipped', () => {
    const text = readReference('docker-default.json');
    const none = lintProfileText(text, 'd', { caps: [] }).filter((f) => f.rule === 'high-risk-syscall');
    expect(none.every((f) => f.severity === 'warning')).toBe(true);
    expect(none.some((f) => f.message.startsWith('mount '))).toBe(false);
    const admin = lintProfileText(text, 'd', { caps: ['CAP_SYS_ADMIN'] }).filter((f) => f.rule === 'high-risk-syscall');
    expect(admin.find((f) => f.message.startsWith('mount '))).toMatchObject({ severity: 'warning' });
  });

  it('--arch limits the ABIs: per-arch notes for an amd64 daemon, none for arm64-only rules', () => {
    const text = readReference('docker-default.json');
    const amd64 = lintProfileText(text, 'd', { arch: 'SCMP_ARCH_X86_64' });
    const notes = amd64.filter((f) => f.rule === 'syscall-not-on-arch');
    expect(notes.find((f) => f.pointer === '/syscalls/0/names')!.message).toContain('SCMP_ARCH_X86_64');
    expect(amd64.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('Podman extensions are named as such, not as typos', () => {
    const findings = lintProfileText(readReference('containers-common-seccomp.json'), 'p').filter(
      (f) => f.rule === 'unknown-field',
    );
    expect(findings.length).toBeGreaterThan(1);
    for (const f of findings)
      expect(f.message).toMatch(/^"(defaultErrno|errno)" is a Podman\/containers-common extension/);
  });

  it('the old-format fixture: its clone mask lacks CLONE_NEWCGROUP (0x7C020000)', () => {
    const findings = lintProfileText(readReference('moby-fixture-default-old-format.json'), 'o').filter(
      (f) => f.rule === 'clone-namespace',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('without a filter on CLONE_NEWCGROUP:');
  });
});
