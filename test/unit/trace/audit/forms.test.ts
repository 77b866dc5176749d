import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/errors.js';
import type { Observation } from '../../../../src/model/observation.js';
import { ingestAuditLog } from '../../../../src/trace/audit/ingest.js';
import { parseAuditLine } from '../../../../src/trace/audit/parse.js';
import { repoRoot } from '../../../helpers/cli.js';

// One fixture per form of SECCOMP record others' logs have (see test/fixtures/audit-3.0.9/forms/README.md).
const FIXTURES = join(repoRoot, 'test', 'fixtures', 'audit-3.0.9');
const form = (name: string): string => join(FIXTURES, 'forms', name);
const runc = join(FIXTURES, 'busybox-runc-tree.audit');

const scratch = mkdtempSync(join(tmpdir(), 'seccompose-audit-forms-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const file = join(scratch, 'audit.log');

/** Ingest `lines` written to a scratch audit.log. */
async function ingestLines(lines: readonly string[]): Promise<Observation> {
  writeFileSync(file, `${lines.join('\n')}\n`);
  return ingestAuditLog([file]);
}

/** The evidence that must not depend on the form: per-ABI calls, blocked attempts, runtime calls. */
function facts(observation: Observation): unknown {
  return { syscalls: observation.syscalls, blocked: observation.blocked, runtime: observation.runtime?.syscalls };
}

describe('audit log forms', () => {
  it('ENRICHED records whose 0x1d separator was lost (code=0x80000000AUID="root") read as the original log', async () => {
    const text = readFileSync(form('enriched-glued.audit'), 'utf8');
    expect(text).toContain('code=0x80000000AUID="unset"');
    expect(text).not.toContain('\u001d');
    const original = await ingestAuditLog([runc]);
    const glued = await ingestAuditLog([form('enriched-glued.audit')]);
    expect(facts(glued)).toEqual(facts(original));
    expect(glued.blocked).toEqual({ SCMP_ARCH_X86_64: { sync: 1 } });
    expect(glued.diagnostics.unparsedLines).toBe(0);
  });

  it('a glued record keeps its raw values, not the interpreted ones', () => {
    const line = readFileSync(form('enriched-glued.audit'), 'utf8')
      .split('\n')
      .find((l) => l.includes('code=0x80000000AUID'))!;
    expect(parseAuditLine(line)).toMatchObject({ kind: 'seccomp', pid: 18283, syscall: 162, code: 0x80000000 });
  });

  it('ausearch -i output (arch=x86_64 syscall=openat code=log, local dates) reads as the raw log', async () => {
    const original = await ingestAuditLog([runc]);
    const interpreted = await ingestAuditLog([form('interpreted.audit')]);
    expect(facts(interpreted)).toEqual(facts(original));
    expect(interpreted.diagnostics.unparsedLines).toBe(0);
  });

  it('every arch the tables know, written raw (hex) or by auparse name, is read: the same calls', async () => {
    const raw = await ingestAuditLog([form('arches-raw.audit')]);
    const expected = {
      SCMP_ARCH_X86: ['getpid'],
      SCMP_ARCH_X86_64: ['getpid'],
      SCMP_ARCH_ARM: ['getpid'],
      SCMP_ARCH_AARCH64: ['getpid'],
      SCMP_ARCH_S390X: ['getpid'],
      SCMP_ARCH_S390: ['getpid'],
      SCMP_ARCH_PPC64LE: ['getpid'],
      SCMP_ARCH_PPC64: ['getpid'],
      SCMP_ARCH_PPC: ['getpid'],
      SCMP_ARCH_RISCV64: ['getpid'],
      SCMP_ARCH_LOONGARCH64: ['getpid'],
      SCMP_ARCH_MIPS: ['getpid'],
      SCMP_ARCH_MIPSEL: ['getpid'],
      SCMP_ARCH_MIPS64: ['getpid'],
      SCMP_ARCH_MIPSEL64: ['getpid'],
    };
    const names = (o: Observation) =>
      Object.fromEntries(Object.entries(o.syscalls).map(([arch, calls]) => [arch, Object.keys(calls ?? {}).sort()]));
    expect(names(raw)).toEqual(expected);
    expect(raw.blocked).toEqual({ SCMP_ARCH_X86_64: { getpid: 5 } });
    // ausearch 3.0.9 names 9 of these arches; for the others it prints unknown-elf-type(...) and
    // either unknown-syscall(N) (read: N is the kernel's number) or a name from the host's table,
    // which is wrong for that ABI (riscv64 and loongarch64 getpid = 172 = x86_64 iopl): not read.
    const interpreted = await ingestAuditLog([form('arches-interpreted.audit')]);
    const { SCMP_ARCH_RISCV64: _r, SCMP_ARCH_LOONGARCH64: _l, ...named } = expected;
    expect(names(interpreted)).toEqual(named);
    expect(interpreted.blocked).toEqual(raw.blocked);
    expect(interpreted.diagnostics.unparsedLines).toBe(2);
    expect(interpreted.diagnostics.unparsedSamples.map((s) => s.text)).toEqual([
      expect.stringContaining('arch=unknown-elf-type(c00000f3) syscall=iopl'),
      expect.stringContaining('arch=unknown-elf-type(c0000102) syscall=iopl'),
    ]);
  });

  it('a mail-quoted, re-wrapped log is refused with a message that it saw SECCOMP lines it could not parse', async () => {
    const error = await ingestAuditLog([form('mail-quoted.audit')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const message = (error as InputError).message;
    expect(message).toMatch(
      /no readable SECCOMP records in .*mail-quoted\.audit: 6 line\(s\) look like SECCOMP records/,
    );
    expect(message).toContain('line 1: "> type=SECCOMP msg=audit(1795771915.337:2066)');
    expect((error as InputError).hint).toMatch(/not quoted with "> "/);
  });

  it('arch= in decimal (arch=3221225534) reads as the hex original: the real runc window and every arch of the tables', async () => {
    const decimal = await ingestAuditLog([form('runc-decimal.audit')]);
    expect(readFileSync(form('runc-decimal.audit'), 'utf8')).toContain(' arch=3221225534 syscall=257 ');
    expect(facts(decimal)).toEqual(facts(await ingestAuditLog([runc])));
    expect(decimal.diagnostics.unparsedLines).toBe(0);
    const arches = await ingestAuditLog([form('arches-decimal.audit')]);
    expect(facts(arches)).toEqual(facts(await ingestAuditLog([form('arches-raw.audit')])));
    expect(arches.diagnostics.unparsedLines).toBe(0);
  });

  it.each([
    // ppc's AUDIT_ARCH 0x14 is 20 in decimal and s390's 0x16 is 22; hex 14 and 16 stay hex (they are ppc and s390 too).
    ['arch=20', 'SCMP_ARCH_PPC'],
    ['arch=22', 'SCMP_ARCH_S390'],
    ['arch=14', 'SCMP_ARCH_PPC'],
    ['arch=16', 'SCMP_ARCH_S390'],
    ['arch=3221225655', 'SCMP_ARCH_AARCH64'],
    ['arch=c00000b7', 'SCMP_ARCH_AARCH64'],
    ['arch=0xC00000B7', 'SCMP_ARCH_AARCH64'],
  ])('%s is %s', async (arch, abi) => {
    const line = `type=SECCOMP msg=audit(1795771915.337:9001): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=18248 comm="probe" exe="/usr/bin/probe" sig=0 ${arch} syscall=20 compat=0 ip=0x40828e code=0x7ffc0000`;
    expect(parseAuditLine(line).kind).toBe('seccomp');
    expect(Object.keys((await ingestLines([line])).syscalls)).toEqual([abi]);
  });

  it.each([['arch=x86-64'], ['arch=99999999999'], ['arch=0x1c000003e'], ['arch=']])(
    'a record with %s is refused, naming the file and line',
    async (arch) => {
      const lines = readFileSync(runc, 'utf8').split('\n');
      const at = lines.findIndex((l) => l.startsWith('type=SECCOMP'));
      lines[at] = lines[at]!.replace('arch=c000003e', arch);
      const error = await ingestLines(lines).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe(
        `${file} line ${at + 1}: the SECCOMP record's arch=${arch.slice(5)} is not an audit architecture`,
      );
      expect((error as InputError).hint).toContain('arch=3221225534');
    },
  );
});
