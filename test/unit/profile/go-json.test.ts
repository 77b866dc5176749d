import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintProfileText } from '../../../src/lint/run.js';
import { checkProfileText } from '../../../src/profile/read.js';

/** A JSON member list written by hand, so keys can repeat and vary in case (JSON.stringify cannot). */
type Member = [key: string, value: string];
const object = (members: readonly Member[]) => `{${members.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;

const ACTIONS = ['SCMP_ACT_ALLOW', 'SCMP_ACT_ERRNO', 'SCMP_ACT_LOG', 'SCMP_ACT_KILL_PROCESS'] as const;
const NAMES = ['read', 'write', 'openat', 'ptrace', 'mount', 'bpf'] as const;

interface RuleSpec {
  names: string[];
  action: string;
  errnoRet: number | undefined;
}
const ruleSpec = fc.record({
  names: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }),
  action: fc.constantFrom(...ACTIONS),
  errnoRet: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
});
const profileSpec = fc.record({
  defaultAction: fc.constantFrom(...ACTIONS),
  rules: fc.array(ruleSpec, { maxLength: 4 }),
});

/** A spelling Go's decoder matches to `field`: each letter in either case, `s`/`k` sometimes as ſ/K. */
const variantOf = (field: string) =>
  fc.array(fc.integer({ min: 0, max: 2 }), { minLength: field.length, maxLength: field.length }).map((picks) =>
    [...field]
      .map((c, i) => {
        if (picks[i] === 1) return c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
        if (picks[i] === 2 && c === 's') return '\u017f';
        if (picks[i] === 2 && c === 'k') return '\u212a';
        return c;
      })
      .join(''),
  );

const ruleMembers = (rule: RuleSpec): Member[] => [
  ['names', JSON.stringify(rule.names)],
  ['action', JSON.stringify(rule.action)],
  ...(rule.errnoRet === undefined ? [] : [['errnoRet', String(rule.errnoRet)] as Member]),
];

function canonicalText(spec: { defaultAction: string; rules: RuleSpec[] }): string {
  return object([
    ['defaultAction', JSON.stringify(spec.defaultAction)],
    ['syscalls', `[${spec.rules.map((r) => object(ruleMembers(r))).join(',')}]`],
  ]);
}

/** Rewrite every member: a random spelling of its key, after an optional decoy member for the same field. */
function disguise(members: Member[], picks: { key: string; decoy: string | undefined }[]): Member[] {
  return members.flatMap(([, value], i) => {
    const pick = picks[i]!;
    return pick.decoy === undefined
      ? [[pick.key, value] as Member]
      : [[pick.key, pick.decoy] as Member, [pick.key, value] as Member];
  });
}

const decoy = fc.option(fc.constantFrom('"SCMP_ACT_ALLOW"', '["mount"]', '7', 'null', '{"x":1}'), { nil: undefined });
const picksFor = (fields: string[]) =>
  fc.tuple(...fields.map((f) => fc.record({ field: fc.constant(f), key: variantOf(f), decoy })));

describe('profiles are read as dockerd reads them (Go encoding/json)', () => {
  it('a key in any case, with an earlier duplicate of any value, reads as the last key says', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        profileSpec.chain((spec) => {
          const ruleFields = spec.rules.map((r) => ruleMembers(r).map(([k]) => k));
          return fc.tuple(
            fc.constant(spec),
            picksFor(['defaultAction', 'syscalls']),
            fc.tuple(...ruleFields.map(picksFor)),
          );
        }),
        ([spec, topPicks, rulePicks]) => {
          const rules = spec.rules.map((r, i) => object(disguise(ruleMembers(r), rulePicks[i]!)));
          const top: Member[] = [
            ['defaultAction', JSON.stringify(spec.defaultAction)],
            ['syscalls', `[${rules.join(',')}]`],
          ];
          // A decoy for a struct-typed value would be merged, not replaced: keep decoys scalar or array there.
          const safeTop = topPicks.map((p, i) => (i === 1 && p.decoy === '{"x":1}' ? { ...p, decoy: undefined } : p));
          const text = object(disguise(top, safeTop));
          const expected = checkProfileText(canonicalText(spec));
          const got = checkProfileText(text);
          const findings = lintProfileText(text, 't').filter((f) => f.rule === 'duplicate-key');
          // Every key spelt otherwise and every decoy is an error of its own; exact spelling, no decoy: none.
          const disguised = [...safeTop, ...rulePicks.flat()].filter((p) => p.decoy !== undefined || p.key !== p.field);
          expect(findings.length).toBeGreaterThanOrEqual(disguised.length);
          expect(findings.every((f) => f.severity === 'error')).toBe(true);
          if (disguised.length === 0) expect(findings).toEqual([]);
          // A decoy of the wrong type for its field makes Go's decoder fail (dockerd refuses the profile).
          if (got.problems.length > 0) return;
          checked += 1;
          expect(got.profile).toEqual(expected.profile);
        },
      ),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it('the gate the issue describes: a lower-case twin after defaultAction decides, and lint fails it', () => {
    const text = '{"defaultAction":"SCMP_ACT_ERRNO",\n"defaultaction":"SCMP_ACT_ALLOW"}';
    expect(checkProfileText(text).profile?.defaultAction).toBe('SCMP_ACT_ALLOW');
    const [finding, ...rest] = lintProfileText(text, 't').filter((f) => f.rule === 'duplicate-key');
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'error', line: 2, column: 1 });
    expect(finding?.message).toContain('at 2:1');
    expect(finding?.message).toContain('at 1:2');
    expect(lintProfileText(text, 't').some((f) => f.rule === 'unknown-field')).toBe(false);
  });

  it('objects given twice are decoded into the same struct, arrays element by element, as Go does', () => {
    const text = object([
      ['defaultAction', '"SCMP_ACT_ERRNO"'],
      [
        'syscalls',
        `[{"names":["mount"],"action":"SCMP_ACT_ALLOW","includes":{"caps":["CAP_SYS_ADMIN"]},"Includes":{"minKernel":"4.8"}}]`,
      ],
      ['Syscalls', '[{"names":["umount2"]}]'],
    ]);
    const { profile } = checkProfileText(text);
    expect(profile?.syscalls).toEqual([
      { names: ['umount2'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_ADMIN'], minKernel: '4.8' } },
    ]);
  });

  it('null keeps a plain field and clears a pointer field, as Go does', () => {
    const text = '{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":38,"DefaultAction":null,"defaulterrnoret":null}';
    expect(checkProfileText(text).profile).toEqual({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [] });
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('%s is an ordinary unknown key', (key) => {
    const text = `{"defaultAction":"SCMP_ACT_ERRNO",${JSON.stringify(key)}:{"polluted":true},"syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW",${JSON.stringify(key)}:1}]}`;
    expect(checkProfileText(text).profile).toEqual({
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const findings = lintProfileText(text, 't');
    const unknown = findings.filter((f) => f.rule === 'unknown-field');
    expect(unknown.map((f) => f.message)).toEqual([
      `unknown field "${key}": Docker ignores it`,
      `unknown field "${key}": Docker ignores it`,
    ]);
    expect(findings.every((f) => !f.message.includes('native code') && !f.hint.includes('native code'))).toBe(true);
  });

  it('a byte order mark is refused, as dockerd and lint refuse it', () => {
    const text = '\ufeff{"defaultAction":"SCMP_ACT_ERRNO"}';
    expect(checkProfileText(text).problems[0]?.message).toContain('byte order mark');
    expect(lintProfileText(text, 't').some((f) => f.rule === 'invalid-json' && f.severity === 'error')).toBe(true);
  });

  it('a number beyond float range says so, not "received Infinity, got null"', () => {
    const [problem] = checkProfileText('{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1e400}').problems;
    expect(problem?.message).toContain('beyond 1.8e308');
    expect(problem?.message).not.toContain('null');
  });
});
