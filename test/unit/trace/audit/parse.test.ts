import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAuditLine, SECCOMP_RET_LOG } from '../../../../src/trace/audit/parse.js';
import { repoRoot } from '../../../helpers/cli.js';

/** Real lines from this machine's audit.log (auditd 3.0.9, log_format = ENRICHED), one per form. */
const FIXTURES = join(repoRoot, 'test', 'fixtures', 'audit-3.0.9');
const lines = readFileSync(join(FIXTURES, 'lines.audit'), 'utf8').split('\n').filter(Boolean);

describe('parseAuditLine on real lines', () => {
  it('the SECCOMP and SYSCALL fixture lines carry the enriched 0x1d separator', () => {
    const records = lines.filter((line) => /^type=(SECCOMP|SYSCALL) /.test(line));
    expect(records.length).toBe(8);
    for (const line of records) expect(line).toContain('\u001d');
  });

  it.each([
    [
      0,
      {
        kind: 'seccomp',
        pid: 18248,
        comm: 'runc:[2:INIT]',
        exe: '/',
        arch: 'c000003e',
        syscall: 257,
        code: SECCOMP_RET_LOG,
      },
    ],
    [1, { kind: 'seccomp', pid: 1844, comm: 'my tool', exe: '/tmp/my tool', arch: 'c000003e', syscall: 12 }],
    [2, { kind: 'seccomp', pid: 18283, comm: 'busybox', syscall: 162, code: 0x80000000 }],
    [3, { kind: 'seccomp', pid: 18278, comm: 'c32', arch: '40000003', syscall: 20, code: SECCOMP_RET_LOG }],
    [4, { kind: 'seccomp', pid: 1822, comm: 'crun', exe: '/', syscall: 3, ses: 4294967295 }],
    [5, { kind: 'syscall', pid: 18278, ppid: 18248, syscall: 59, comm: 'c32' }],
    [6, { kind: 'syscall', pid: 18279, ppid: 18248, syscall: 231, comm: 'sh' }],
    [7, { kind: 'syscall', pid: 1844, ppid: 1822, syscall: 59, comm: 'my tool' }],
    [9, { kind: 'user', text: 'seccompose-fx2-end' }],
    [10, { kind: 'other', type: 'PROCTITLE' }],
    [11, { kind: 'other', type: 'CONFIG_CHANGE' }],
    [12, { kind: 'other', type: 'SOCKADDR' }],
    [13, { kind: 'other', type: 'ANOM_ABEND' }],
    [14, { kind: 'other', type: 'BPRM_FCAPS' }],
    [15, { kind: 'other', type: 'PATH' }],
    [16, { kind: 'other', type: 'CWD' }],
    [17, { kind: 'other', type: 'BPF' }],
  ])('line %i parses as %o', (index, expected) => {
    expect(parseAuditLine(lines[index]!)).toMatchObject(expected);
  });

  it('reads the argv of an EXECVE record (the shim names the container id)', () => {
    const record = parseAuditLine(lines[8]!);
    expect(record.kind).toBe('execve');
    if (record.kind !== 'execve') return;
    expect(record.args.slice(0, 3)).toEqual(['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby']);
    expect(record.args[record.args.indexOf('-id') + 1]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores the interpreted (enriched) part after 0x1d', () => {
    const raw = lines[0]!.split('\u001d')[0]!;
    expect(parseAuditLine(raw)).toEqual(parseAuditLine(lines[0]!));
  });

  it.each([
    [
      'kernel log (dmesg) form',
      `[ 1234.5678] audit: type=1326 audit(1795771915.337:2066): ${lines[0]!.split('): ')[1]}`,
    ],
    ['/dev/kmsg form', `5,2201,1234567890,-;audit: type=1326 audit(1795771915.337:2066): ${lines[0]!.split('): ')[1]}`],
    ['node= prefix (name_format)', `node=host1 ${lines[0]}`],
  ])('accepts the %s of a SECCOMP record', (_form, line) => {
    expect(parseAuditLine(line)).toMatchObject({ kind: 'seccomp', pid: 18248, syscall: 257, comm: 'runc:[2:INIT]' });
  });

  it.each([
    ['empty', ''],
    ['plain text', 'hello world'],
    ['a header without fields', 'type=SECCOMP msg=audit(1795771915.337:2066): '],
    ['a partial SECCOMP line cut before code=', lines[0]!.slice(0, lines[0]!.indexOf(' code='))],
    ['a partial line cut in the header', lines[0]!.slice(0, 20)],
  ])('reports %s as garbage', (_what, line) => {
    expect(parseAuditLine(line).kind).toBe('garbage');
  });

  it('reports a SECCOMP record whose arch no table knows as a bad arch (ingest refuses the log)', () => {
    const line = lines[0]!.replace('arch=c000003e', 'arch=x86-64');
    expect(parseAuditLine(line)).toEqual({ kind: 'bad-arch', type: 'SECCOMP', arch: 'x86-64', text: line });
  });

  it('reads arch= in decimal as the AUDIT_ARCH it is (3221225534 = c000003e)', () => {
    expect(parseAuditLine(lines[0]!.replace('arch=c000003e', 'arch=3221225534'))).toEqual(parseAuditLine(lines[0]!));
  });
});

describe('parseAuditLine robustness', () => {
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        parseAuditLine(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on mutated real lines', () => {
    fc.assert(
      fc.property(fc.constantFrom(...lines), fc.nat(400), fc.string({ maxLength: 8 }), (line, at, insert) => {
        const mutated = line.slice(0, at) + insert + line.slice(at + insert.length);
        const record = parseAuditLine(mutated);
        expect(['seccomp', 'syscall', 'execve', 'user', 'other', 'bad-arch', 'garbage']).toContain(record.kind);
      }),
      { numRuns: 1000 },
    );
  });
});
