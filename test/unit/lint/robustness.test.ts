import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintProfileText } from '../../../src/lint/run.js';
import { readReference } from '../../helpers/reference.js';

/** Lint must return findings (never throw) and every finding must be well-formed. */
function expectReports(text: string): void {
  const findings = lintProfileText(text, 'fuzz');
  for (const f of findings) {
    expect(f.line).toBeGreaterThanOrEqual(1);
    expect(f.column).toBeGreaterThanOrEqual(1);
    expect(typeof f.message).toBe('string');
    expect(['error', 'warning', 'info']).toContain(f.severity);
  }
}

const profileLike = fc.record(
  {
    defaultAction: fc.oneof(
      fc.constantFrom('SCMP_ACT_ERRNO', 'SCMP_ACT_ALLOW', 'SCMP_ACT_LOG', 'SCMP_ACT_NOTIFY', 'bogus'),
      fc.integer(),
      fc.jsonValue(),
    ),
    defaultErrnoRet: fc.oneof(fc.nat(70000), fc.jsonValue()),
    architectures: fc.oneof(
      fc.array(fc.constantFrom('SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_AARCH64', 'x')),
      fc.jsonValue(),
    ),
    archMap: fc.array(
      fc.record({
        architecture: fc.constantFrom('SCMP_ARCH_X86_64', 'SCMP_ARCH_S390X', 7),
        subArchitectures: fc.jsonValue(),
      }),
    ),
    syscalls: fc.array(
      fc.record(
        {
          names: fc.oneof(
            fc.array(fc.constantFrom('read', 'clone', 'clone3', 'socketcall', 'socket', 'ptrace', 'opne', '')),
            fc.jsonValue(),
          ),
          name: fc.oneof(fc.string(), fc.jsonValue()),
          action: fc.oneof(
            fc.constantFrom('SCMP_ACT_ALLOW', 'SCMP_ACT_ERRNO', 'SCMP_ACT_NOTIFY'),
            fc.nat(),
            fc.jsonValue(),
          ),
          errnoRet: fc.oneof(fc.nat(), fc.jsonValue()),
          args: fc.oneof(
            fc.array(
              fc.record(
                {
                  index: fc.oneof(fc.nat(9), fc.jsonValue()),
                  value: fc.oneof(fc.nat(), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(Number)),
                  valueTwo: fc.nat(),
                  op: fc.constantFrom(
                    'SCMP_CMP_EQ',
                    'SCMP_CMP_NE',
                    'SCMP_CMP_LT',
                    'SCMP_CMP_GT',
                    'SCMP_CMP_MASKED_EQ',
                    'x',
                  ),
                },
                { requiredKeys: [] },
              ),
            ),
            fc.jsonValue(),
          ),
          includes: fc.oneof(
            fc.record(
              {
                caps: fc.array(fc.constantFrom('CAP_SYS_ADMIN', 'sys_admin', 'CAP_X')),
                arches: fc.array(fc.constantFrom('amd64', 'x86_64')),
                minKernel: fc.constantFrom('4.8', '0.0', 'x'),
              },
              { requiredKeys: [] },
            ),
            fc.jsonValue(),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

describe('lint never throws: it reports', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => expectReports(s)),
      { numRuns: 500 },
    );
  });

  it('on arbitrary bytes decoded as UTF-8', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => expectReports(Buffer.from(bytes).toString('utf8'))),
      { numRuns: 500 },
    );
  });

  it('on arbitrary JSON values and on profile-shaped documents with wrong types', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => expectReports(JSON.stringify(v) ?? 'null')),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(profileLike, (p) => expectReports(JSON.stringify(p, null, 1))),
      { numRuns: 300 },
    );
  });

  it("on truncated and corrupted copies of Docker's default", () => {
    const text = readReference('docker-default.json');
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 3 }), (cut, at, junk) => {
        expectReports(text.slice(0, cut));
        expectReports(text.slice(0, at) + junk + text.slice(at + 1));
      }),
      { numRuns: 200 },
    );
  });

  it('on 100,000 nested arrays and objects: one json-too-deep finding, no stack overflow', () => {
    for (const text of [
      '['.repeat(100_000) + ']'.repeat(100_000),
      `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`,
      '['.repeat(100_000),
    ]) {
      const findings = lintProfileText(text, 'deep');
      expect(findings.map((f) => f.rule)).toEqual(['json-too-deep']);
    }
  });

  it('on a huge file: a 10 MB profile with 100,000 rules lints in bounded time', () => {
    const rules = Array.from({ length: 100_000 }, (_, i) => ({
      names: [i % 2 ? 'read' : 'opne'],
      action: 'SCMP_ACT_ALLOW',
      comment: 'x'.repeat(40),
    }));
    const text = JSON.stringify(
      { defaultAction: 'SCMP_ACT_ERRNO', architectures: ['SCMP_ARCH_X86_64'], syscalls: rules },
      null,
      1,
    );
    expect(text.length).toBeGreaterThan(10_000_000);
    const findings = lintProfileText(text, 'huge');
    expect(findings.filter((f) => f.rule === 'unknown-syscall')).toHaveLength(50_000);
  });

  it('on a huge invalid file: the first syntax errors, then a count', () => {
    const findings = lintProfileText('{'.concat(' x,'.repeat(50_000)).slice(0, 63) + '}'.repeat(10), 'junk');
    expect(findings.length).toBeLessThanOrEqual(21);
    const garbage = lintProfileText('@'.repeat(1_000_000), 'garbage');
    expect(garbage.length).toBeLessThanOrEqual(21);
    expect(garbage.every((f) => f.rule === 'invalid-json')).toBe(true);
  });

  it('on empty and whitespace-only input', () => {
    for (const text of ['', '   \n', '\uFEFF']) {
      const findings = lintProfileText(text, 'empty');
      expect(findings.length).toBeGreaterThan(0);
      expect(findings[0]!.rule).toBe('invalid-json');
    }
  });
});
