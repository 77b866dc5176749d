import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/errors.js';
import { ingestAuditLog } from '../../../../src/trace/audit/ingest.js';
import { repoRoot } from '../../../helpers/cli.js';

const FIXTURES = join(repoRoot, 'test', 'fixtures', 'audit-3.0.9');
const runc = join(FIXTURES, 'busybox-runc-tree.audit');
const crun = join(FIXTURES, 'busybox-crun-tree.audit');

describe('ingestAuditLog (record --from-audit)', () => {
  it('turns every SECCOMP record into a valid observation, runtime init kept apart', async () => {
    const observation = await ingestAuditLog([runc]);
    expect(observation.workload).toEqual({ kind: 'trace-files', files: [runc] });
    expect(observation.backend.name).toBe('audit');
    expect(Object.keys(observation.syscalls.SCMP_ARCH_X86_64 ?? {})).toEqual(
      expect.arrayContaining(['mkdir', 'rename', 'unlink']),
    );
    expect(observation.syscalls.SCMP_ARCH_X86).toEqual({ getpid: { count: 1, errors: 0, firstSeen: 0 } });
    expect(observation.blocked).toEqual({ SCMP_ARCH_X86_64: { sync: 1 } });
    expect(observation.runtime?.syscalls.SCMP_ARCH_X86_64).toEqual(
      expect.arrayContaining(['capset', 'execve', 'setgroups']),
    );
    expect(observation.runtime?.syscalls.SCMP_ARCH_X86_64).not.toContain('mkdir');
  });

  it('filters by pid (with descendants) and by comm', async () => {
    const byPid = await ingestAuditLog([runc], { pids: [18276] });
    expect(Object.keys(byPid.syscalls.SCMP_ARCH_X86_64 ?? {})).toContain('rename');
    expect(Object.keys(byPid.syscalls.SCMP_ARCH_X86_64 ?? {})).not.toContain('mkdir');
    const byComm = await ingestAuditLog([crun], { comm: 'my tool' });
    expect(byComm.backend.notes[0]).toMatch(/from 1 processes for comm "my tool"/);
  });

  it('reads several files as one window (rotated generations)', async () => {
    const both = await ingestAuditLog([runc, crun]);
    const one = await ingestAuditLog([runc]);
    const total = (o: typeof one) => Object.values(o.syscalls.SCMP_ARCH_X86_64 ?? {}).reduce((n, u) => n + u.count, 0);
    expect(total(both)).toBeGreaterThan(total(one));
  });

  it('refuses input without matching SECCOMP records, with a hint', async () => {
    await expect(ingestAuditLog([runc], { pids: [999999] })).rejects.toThrow(InputError);
    await expect(ingestAuditLog([runc], { pids: [999999] })).rejects.toThrow(/no SECCOMP records for pid 999999/);
  });

  it('refuses an unreadable file as input error', async () => {
    await expect(ingestAuditLog([join(FIXTURES, 'missing.audit')])).rejects.toThrow(/cannot read audit log/);
  });
});
