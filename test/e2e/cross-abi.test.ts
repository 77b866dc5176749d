import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { observationsDir } from '../unit/generate/fixtures.js';

const obs = (name: string) => join(observationsDir, name);
const qemu = (name: string) => join(repoRoot, 'test', 'fixtures', 'qemu-7.2', name);
const dir = mkdtempSync(join(tmpdir(), 'seccompose-e2e-crossabi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const allowedNames = (path: string): string[] =>
  JSON.parse(readFileSync(path, 'utf8')).syscalls.flatMap((r: { names: string[]; action: string }) =>
    r.action === 'SCMP_ACT_ALLOW' ? r.names : [],
  );

describe('seccompose generate --arch for an architecture the workload was not recorded on (built CLI)', () => {
  it('allows what aarch64 issues, names the translations, and lints clean for arm64', () => {
    const out = join(dir, 'http-arm64.json');
    const r = runCli(['generate', obs('http-server.json'), '--arch', 'arm64', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('  archMap: aarch64 (+ arm)');
    expect(r.stderr).toContain('  translated for aarch64: fstat→fstat+newfstatat, poll→ppoll, readlink→readlinkat');
    expect(r.stderr).toContain('  not needed on aarch64: arch_prctl');
    expect(r.stderr).toMatch(/against Docker's default \(aarch64 daemon/);
    const names = allowedNames(out);
    expect(names).toEqual(expect.arrayContaining(['newfstatat', 'ppoll', 'readlinkat']));
    for (const legacy of ['poll', 'readlink', 'arch_prctl']) expect(names).not.toContain(legacy);
    const lint = runCli(['lint', out, '--arch', 'aarch64']);
    expect(lint.code, lint.stdout).toBe(0);
    expect(lint.stdout).toMatch(/0 errors, 0 warnings/);
  });

  it('refuses a call with no equivalent by name (exit 2) unless --allow-lossy', () => {
    const out = join(dir, 'i386-arm64.json');
    const refused = runCli(['generate', obs('legacy-i386.json'), '--arch', 'aarch64', '-o', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'seccompose: 1 observed syscall(s) have no equivalent on aarch64: socketcall (x86 → aarch64:',
    );
    expect(refused.stderr).toMatch(/^hint: .*--allow-lossy/m);
    const lossy = runCli([
      'generate',
      obs('legacy-i386.json'),
      '--arch',
      'aarch64',
      '-o',
      out,
      '--allow-lossy',
      '--json',
    ]);
    expect(lossy.code, lossy.stderr).toBe(0);
    expect(lossy.stderr).toContain('NO equivalent on aarch64, left out (--allow-lossy): socketcall');
    const report = JSON.parse(lossy.stdout);
    expect(report.archMap).toEqual([{ architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] }]);
    expect(report.crossAbi).toContainEqual(
      expect.objectContaining({ name: 'mmap2', fromArch: 'SCMP_ARCH_X86', kind: 'mapped', names: ['mmap'] }),
    );
    expect(allowedNames(out)).not.toContain('socketcall');
  });
});

describe('seccompose record --from-strace with qemu-user -strace output (built CLI)', () => {
  it('reads it as the ABI --trace-arch names, and asks for that ABI otherwise', () => {
    const out = join(dir, 'ls-aarch64.json');
    const missing = runCli(['record', '-o', out, '--from-strace', qemu('ls-la.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('qemu -strace output does not say which ABI it traced');
    expect(missing.stderr).toMatch(/^hint: pass --trace-arch/m);
    const r = runCli(['record', '-o', out, '--from-strace', qemu('ls-la.txt'), '--trace-arch', 'aarch64']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/syscalls, 28 distinct \(aarch64\), exit 0/);
    const observation = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(observation.syscalls)).toEqual(['SCMP_ARCH_AARCH64']);
    const stray = runCli(['record', '-o', out, '--trace-arch', 'aarch64', '--', 'true']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--trace-arch applies to --from-strace only');
  });
});
