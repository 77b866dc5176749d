import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLONE_NAMESPACE_MASK } from '../../../src/generate/arg-filters.js';
import { generateProfile, type GenerateOptions } from '../../../src/generate/generate.js';
import { lintProfileText } from '../../../src/lint/run.js';
import type { Observation } from '../../../src/model/observation.js';
import { evaluate } from '../../../src/profile/evaluate.js';
import { parseProfile } from '../../../src/profile/read.js';
import { resolveProfile } from '../../../src/profile/resolve.js';
import { ingestStraceFiles } from '../../../src/trace/strace/ingest.js';
import { calls, observationOf } from '../../helpers/observation.js';
import { repoRoot } from '../../helpers/cli.js';

const MAX = 18446744073709551615n;
// A real strace 6.1 trace of perl's syscall() with 64-bit values (test/fixtures/strace-6.1/forms/README.md).
const TRACE = join(repoRoot, 'test', 'fixtures', 'strace-6.1', 'forms', 'args-64bit.txt');
// The same kind of calls with -e raw=personality,socket,ioctl: the whole 64-bit registers.
const RAW_TRACE = join(repoRoot, 'test', 'fixtures', 'strace-6.1', 'forms', 'args-64bit-raw.txt');
const options: GenerateOptions = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  includeBlocked: false,
  runtimeSyscalls: true,
  native: 'SCMP_ARCH_X86_64',
  allowPartial: false,
  allowLossy: false,
};

function generate(observation: Observation) {
  return generateProfile([{ label: 'obs.json', observation }], options);
}

/** An observation of `name` whose argument 0 took `values`. */
function withArg0(name: string, values: (number | bigint)[]): Observation {
  return observationOf(
    { SCMP_ARCH_X86_64: calls({ read: 1, [name]: values.length }) },
    { args: { [name]: { '0': { values, truncated: false } } } },
  );
}

describe('argument values above 2^53: strace → observation → generate → profile JSON, exactly', () => {
  it('reads clone/unshare flags with the upper 32 bits set as exact bigints', async () => {
    const observation = await ingestStraceFiles([TRACE]);
    expect(observation.args.clone?.['0']).toEqual({ values: [0xffffffff00000011n, MAX], truncated: false });
    expect(observation.args.unshare?.['0']).toEqual({ values: [0xffffffff00000400n], truncated: false });
    // strace prints personality/socket/prctl given -1 as the 32-bit 0xffffffff (their kernel types are int).
    expect(observation.args.personality?.['0']?.values).toEqual([0xffffffff]);
  });

  it('sees the namespace bits of clone(flags=-1) and leaves clone unfiltered, saying which flags', async () => {
    const result = generate(await ingestStraceFiles([TRACE]));
    const clone = result.profile.syscalls.filter((r) => r.names.includes('clone'));
    expect(clone.every((r) => r.args === undefined)).toBe(true);
    expect(result.explain.find((e) => e.name === 'clone')?.filter).toBe(
      'namespace flags observed (0xffffffffffffffff): clone left unfiltered',
    );
  });

  it("keeps Docker's namespace filter for 64-bit flags without a namespace bit, as known flags", () => {
    const result = generate(withArg0('clone', [0xffffffff00000011n]));
    expect(result.profile.syscalls.find((r) => r.names.includes('clone'))?.args).toEqual([
      { index: 0, value: CLONE_NAMESPACE_MASK, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' },
    ]);
    expect(result.explain.find((e) => e.name === 'clone')?.filter).toBe(
      "no namespace flags in 1 observed flag sets: Docker's MASKED_EQ 0x7E020000 filter",
    );
  });

  it('allows unshare only for the traced flag set, a 64-bit value, and the profile denies any other (strace fixture)', async () => {
    const result = generate(await ingestStraceFiles([TRACE]));
    expect(result.profile.syscalls.filter((r) => r.names.includes('unshare')).map((r) => r.args)).toEqual([
      [{ index: 0, value: 0xffffffff00000400n, op: 'SCMP_CMP_EQ' }],
    ]);
    expect(result.text).toContain('"value": 18446744069414585344,');
    const policy = resolveProfile(parseProfile(result.text, 'p.json'), {
      arch: 'SCMP_ARCH_X86_64',
      caps: [],
      kernel: '6.1',
    });
    expect(evaluate(policy, 'SCMP_ARCH_X86_64', 'unshare', [0xffffffff00000400n]).action).toBe('SCMP_ACT_ALLOW');
    // CLONE_NEWUSER alone: a new user namespace the workload never made.
    expect(evaluate(policy, 'SCMP_ARCH_X86_64', 'unshare', [0x10000000n]).action).toBe('SCMP_ACT_ERRNO');
  });

  it('allows personality for 0xffffffffffffffff (-1 as an unsigned long) by SCMP_CMP_EQ, written digit for digit', () => {
    const result = generate(withArg0('personality', [8, MAX]));
    const rules = result.profile.syscalls.filter((r) => r.names.includes('personality'));
    expect(rules.map((r) => r.args)).toEqual([
      [{ index: 0, value: 8, op: 'SCMP_CMP_EQ' }],
      [{ index: 0, value: MAX, op: 'SCMP_CMP_EQ' }],
    ]);
    expect(result.text).toContain('"value": 18446744073709551615,');
    expect(result.explain.find((e) => e.name === 'personality')?.filter).toBe(
      'only the observed persona value(s) 0x8, 0xffffffffffffffff',
    );
    // Read back as Docker's Go json reads a uint64: exact, and 2^64-2 is not let through.
    const policy = resolveProfile(parseProfile(result.text, 'p.json'), {
      arch: 'SCMP_ARCH_X86_64',
      caps: [],
      kernel: '6.1',
    });
    expect(evaluate(policy, 'SCMP_ARCH_X86_64', 'personality', [MAX]).action).toBe('SCMP_ACT_ALLOW');
    expect(evaluate(policy, 'SCMP_ARCH_X86_64', 'personality', [MAX - 1n]).action).toBe('SCMP_ACT_ERRNO');
    expect(lintProfileText(result.text, 'p.json').filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('allows socket for an address family beyond 2^53 by EQ, and refuses values past 2^64 as undecoded', () => {
    const result = generate(withArg0('socket', [1, MAX - 1n]));
    expect(result.profile.syscalls.filter((r) => r.names.includes('socket')).map((r) => r.args![0]!.value)).toEqual([
      1,
      MAX - 1n,
    ]);
    const tooBig = generate(withArg0('socket', [1, MAX + 1n]));
    expect(tooBig.explain.find((e) => e.name === 'socket')?.filter).toMatch(/^families not decoded/);
  });

  it('a real -e raw= trace (personality(0xffffffffffffffff), socket(0xffffffffffffffff, ...)) gives exact SCMP_CMP_EQ rules', async () => {
    const observation = await ingestStraceFiles([RAW_TRACE]);
    expect(observation.args.personality?.['0']?.values).toEqual([8, MAX]);
    expect(observation.args.socket?.['0']?.values).toEqual([MAX]);
    const result = generate(observation);
    const values = (name: string) =>
      result.profile.syscalls.filter((r) => r.names.includes(name)).map((r) => r.args?.[0]?.value);
    expect(values('personality')).toEqual([8, MAX]);
    expect(values('socket')).toEqual([MAX]);
    expect(result.text.match(/"value": 18446744073709551615,/g)).toHaveLength(2);
  });
});
