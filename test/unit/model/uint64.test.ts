import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { serializeProfile } from '../../../src/emit/profile-json.js';
import { stableJson } from '../../../src/model/stable-order.js';
import { parseJsonExact, stringifyExact } from '../../../src/model/exact-json.js';
import { parseObservation } from '../../../src/model/read-observation.js';
import { SyscallTally } from '../../../src/observation/tally.js';
import type { ResolveContext } from '../../../src/profile/context.js';
import { diffPolicies } from '../../../src/diff/diff.js';
import { parseProfile } from '../../../src/profile/read.js';
import { resolveProfile } from '../../../src/profile/resolve.js';
import { logProfileJson, toLogProfile } from '../../../src/trace/audit/log-profile.js';
import { decodeArgs } from '../../../src/trace/strace/args.js';

const MAX = 18446744073709551615n;
const context: ResolveContext = { arch: 'SCMP_ARCH_X86_64', caps: [], kernel: '6.1' };

/** A profile allowing ioctl only when arg1 equals `value` (written as the literal digits). */
function ioctlProfile(value: string): string {
  return `{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["ioctl"],"action":"SCMP_ACT_ALLOW","args":[{"index":1,"value":${value},"op":"SCMP_CMP_EQ"}]}]}`;
}

describe('64-bit argument values are exact everywhere', () => {
  it('JSON: integers beyond 2^53 are read as bigints and written back digit for digit', () => {
    const text = '{"a":[18446744073709551615,18446744073709551614,9007199254740991,1.5,"18446744073709551615"]}';
    const value = parseJsonExact(text) as { a: unknown[] };
    expect(value.a).toEqual([MAX, MAX - 1n, 9007199254740991, 1.5, '18446744073709551615']);
    expect(stringifyExact(value)).toBe(text);
  });

  it('JSON round-trips every uint64 exactly (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX }), (n) => {
        const back = parseJsonExact(stringifyExact({ v: n })) as { v: number | bigint };
        expect(BigInt(back.v)).toBe(n);
      }),
    );
  });

  it('diff sees 18446744073709551615 and 18446744073709551614 as different and prints both exactly', () => {
    const before = resolveProfile(parseProfile(ioctlProfile('18446744073709551615'), 'a.json'), context);
    const after = resolveProfile(parseProfile(ioctlProfile('18446744073709551614'), 'b.json'), context);
    expect(diffPolicies(before, after).changed).toEqual([
      { name: 'ioctl', from: 'ALLOW if arg1 == 0xffffffffffffffff', to: 'ALLOW if arg1 == 0xfffffffffffffffe' },
    ]);
    expect(diffPolicies(before, before).changed).toEqual([]);
  });

  it('a profile value is written back exactly, and 2^64 is refused', () => {
    const profile = parseProfile(ioctlProfile('18446744073709551614'), 'a.json');
    expect(profile.syscalls[0]!.args![0]!.value).toBe(MAX - 1n);
    expect(serializeProfile(profile)).toContain('"value": 18446744073709551614,');
    expect(() => parseProfile(ioctlProfile('18446744073709551616'), 'c.json')).toThrow(/does not fit in 64 bits/);
  });

  it("the audit backend's LOG profile made from such a baseline keeps the value exactly", () => {
    const baseline = parseProfile(ioctlProfile('18446744073709551614'), 'a.json');
    const text = logProfileJson(toLogProfile(baseline));
    expect(text).toContain('"value": 18446744073709551614,');
    expect(text).toContain('"action": "SCMP_ACT_LOG"');
  });

  it('strace arguments: 0xffffffffffffffff and 0xfffffffffffffffe stay distinct through the observation file', () => {
    const tally = new SyscallTally();
    decodeArgs('prctl', '0xffffffffffffffff, 0) = -1 EINVAL (Invalid argument)', tally);
    decodeArgs('prctl', '0xfffffffffffffffe, 0) = -1 EINVAL (Invalid argument)', tally);
    const values = tally.toEvidence().args.prctl?.['0']?.values;
    expect(values).toEqual([MAX - 1n, MAX]);
    const observation = {
      kind: 'seccompose/observation',
      version: '1.0',
      workload: { kind: 'trace-files', files: ['t'] },
      backend: { name: 'strace', version: '6.1', notes: [] },
      complete: true,
      exit: { code: 0, signal: null },
      durationMs: 0,
      syscalls: { SCMP_ARCH_X86_64: { prctl: { count: 2, errors: 2, firstSeen: 0 } } },
      args: { prctl: { '0': { values, truncated: false } } },
    };
    const text = stableJson(observation);
    expect(text).toContain('18446744073709551614,\n');
    expect(parseObservation(text, 'obs.json').args.prctl?.['0']?.values).toEqual([MAX - 1n, MAX]);
  });
});
