import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCKER_DEFAULT_CAPS } from '../../../src/kernel/capabilities.js';
import { resolveProfile } from '../../../src/profile/resolve.js';
import { LineSplitter } from '../../../src/trace/audit/lines.js';
import { AuditWindow } from '../../../src/trace/audit/window.js';
import { DenialCollector } from '../../../src/verify/denials.js';
import { repoRoot } from '../../helpers/cli.js';

const FIXTURE = join(repoRoot, 'test/fixtures/audit-3.0.9/busybox-runc-tree.audit');
const RUNC_ID = '6fe8f444c3e3599ab70a704c366996d149105f70f86bfd792d0165b6798e20a5';
const policy = resolveProfile(
  {
    defaultAction: 'SCMP_ACT_ERRNO',
    syscalls: [
      { names: ['read'], action: 'SCMP_ACT_ALLOW' },
      { names: ['sync'], action: 'SCMP_ACT_KILL_PROCESS' },
    ],
  },
  { arch: 'SCMP_ARCH_X86_64', caps: [...DOCKER_DEFAULT_CAPS], kernel: '6.1' },
);

/** The real audit window of a busybox container, read through an observer as the complain run does. */
function collect(): { window: AuditWindow; collector: DenialCollector } {
  const window = new AuditWindow();
  const collector = new DenialCollector();
  window.observeSeccomp((record) => collector.add(record));
  const splitter = new LineSplitter();
  for (const line of [...splitter.push(readFileSync(FIXTURE)), ...splitter.end()]) window.addLine(line);
  return { window, collector };
}

describe('DenialCollector on a captured audit log', () => {
  const { window, collector } = collect();
  const roots = window.attribute({ kind: 'container', id: RUNC_ID, initPid: 18248 }).rootPids;
  const { denied } = collector.denied(window.tree.descendants(roots), policy);
  const byName = new Map(denied.map((d) => [`${d.arch}:${d.syscall}`, d]));

  it('lists each LOG-ged syscall once per ABI with the processes (comm) that made it', () => {
    const mkdir = byName.get('SCMP_ARCH_X86_64:mkdir');
    expect(mkdir).toMatchObject({ syscall: 'mkdir', processes: ['mkdir'], action: 'ERRNO(EPERM)' });
    expect(mkdir!.count).toBeGreaterThan(0);
    expect(byName.get('SCMP_ARCH_X86:getpid')).toMatchObject({ processes: ['c32'] });
  });

  it("includes the runtime init's own post-filter calls (the profile must allow them too)", () => {
    expect(byName.get('SCMP_ARCH_X86_64:capset')?.processes).toEqual(['runc:[2:INIT]']);
  });

  it('leaves out non-LOG records (the KILL_PROCESS sync) and allowed calls', () => {
    expect(byName.has('SCMP_ARCH_X86_64:sync')).toBe(false);
    expect(collector.other).toBeGreaterThan(0);
  });

  it('is sorted by ABI then name, with sorted process lists', () => {
    const keys = denied.map((d) => `${d.arch}:${d.syscall}`);
    expect(keys).toEqual([...keys].sort());
    for (const d of denied) expect(d.processes).toEqual([...d.processes].sort());
  });

  it('keeps nothing for processes outside the attribution', () => {
    expect(collector.denied(new Set([1]), policy).denied).toEqual([]);
  });
});

describe('DenialCollector edge cases', () => {
  it('reports records with unknown syscall numbers instead of dropping them silently', () => {
    const collector = new DenialCollector();
    collector.add({
      kind: 'seccomp',
      serial: 1,
      pid: 7,
      comm: 'x',
      exe: '/x',
      arch: 'c000003e',
      syscall: 9999,
      code: 0x7ffc0000,
      ses: 0,
    });
    collector.add({
      kind: 'seccomp',
      serial: 2,
      pid: 7,
      comm: 'x',
      exe: '/x',
      arch: 'deadbeef',
      syscall: 1,
      code: 0x7ffc0000,
      ses: 0,
    });
    expect(collector.denied(new Set([7]), policy)).toEqual({
      denied: [],
      unknown: ['arch c000003e syscall 9999', 'arch deadbeef syscall 1'],
    });
  });
});
