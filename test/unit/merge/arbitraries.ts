import fc from 'fast-check';
import type { Observation } from '../../../src/model/observation.js';
import type { SeccompProfile, SyscallRule } from '../../../src/model/profile.js';
import { type MergeDocument, type MergeReader, mergeInputs } from '../../../src/merge/merge.js';
import { defaultResolveContext } from '../../../src/profile/resolve.js';

const NAMES = ['read', 'write', 'openat', 'close', 'socket', 'bind', 'clone', 'mount', 'ptrace', 'futex'] as const;
const name = fc.constantFrom(...NAMES);
const use = fc.record({
  count: fc.integer({ min: 1, max: 50 }),
  errors: fc.integer({ min: 0, max: 3 }),
  firstSeen: fc.integer({ min: 0, max: 9 }),
});
const table = fc.dictionary(name, use, { maxKeys: 5 });

/** Small but varied observations of one image: calls on two ABIs, argument values, ports, caps, exits, hosts. */
export const observation: fc.Arbitrary<Observation> = fc
  .record({
    x64: table,
    x86: fc.option(table, { nil: undefined }),
    socketArgs: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 80 }), { nil: undefined }),
    ports: fc.uniqueArray(fc.integer({ min: 1, max: 9000 }), { maxLength: 3 }),
    cap: fc.option(fc.constantFrom('CAP_CHOWN', 'CAP_NET_RAW'), { nil: undefined }),
    complete: fc.boolean(),
    exit: fc.constantFrom({ code: 0, signal: null }, { code: 1, signal: null }, { code: null, signal: 'SIGKILL' }),
    duration: fc.integer({ min: 0, max: 10_000 }),
    host: fc.constantFrom('node-a', 'node-b', undefined),
    note: fc.constantFrom('n1', 'n2'),
    nonce: fc.integer(),
  })
  .map((r): Observation => {
    const syscalls: Observation['syscalls'] = {
      SCMP_ARCH_X86_64: { ...r.x64, exit_group: { count: 1, errors: 0, firstSeen: 0 } },
    };
    if (r.x86) syscalls.SCMP_ARCH_X86 = r.x86;
    return {
      kind: 'seccompose/observation',
      version: '1.1',
      workload: {
        kind: 'container',
        image: 'app:1',
        dockerArgs: ['--rm'],
        command: [String(r.nonce)],
        noNewPrivileges: false,
      },
      backend: { name: 'strace', version: '6.1', notes: [r.note] },
      complete: r.complete,
      incompleteReasons: r.complete ? [] : ['interrupted'],
      exit: r.exit,
      durationMs: r.duration,
      syscalls,
      blocked: {},
      args: r.socketArgs
        ? { socket: { '0': { values: [...r.socketArgs].sort((a, b) => a - b), truncated: false } } }
        : {},
      bindPorts: r.ports,
      capabilities: r.cap
        ? { [r.cap]: { source: 'inferred', checked: 0, granted: 0, denied: 0, evidence: [`${r.cap} evidence`] } }
        : {},
      ...(r.host ? { host: { name: r.host, arch: 'SCMP_ARCH_X86_64' as const } } : {}),
      diagnostics: { unparsedLines: 0, unparsedSamples: [], unknownSyscalls: [], lostEvents: 0 },
    };
  });

const action = fc.constantFrom('SCMP_ACT_ALLOW', 'SCMP_ACT_ALLOW', 'SCMP_ACT_LOG', 'SCMP_ACT_ERRNO');
const rule: fc.Arbitrary<SyscallRule> = fc
  .record({
    names: fc.uniqueArray(name, { minLength: 1, maxLength: 4 }),
    action,
    errnoRet: fc.constantFrom(undefined, 38),
    arg: fc.option(fc.record({ index: fc.integer({ min: 0, max: 2 }), value: fc.integer({ min: 0, max: 4 }) }), {
      nil: undefined,
    }),
  })
  .map((r) => ({
    names: r.names,
    action: r.action,
    ...(r.action === 'SCMP_ACT_ERRNO' && r.errnoRet !== undefined ? { errnoRet: r.errnoRet } : {}),
    ...(r.arg ? { args: [{ index: r.arg.index, value: r.arg.value, op: 'SCMP_CMP_EQ' as const }] } : {}),
  }));

/** Deny-by-default profiles over a small name pool, with conditional rules and ENOSYS-style denials. */
export const profile: fc.Arbitrary<SeccompProfile> = fc.array(rule, { maxLength: 5 }).map((syscalls) => ({
  defaultAction: 'SCMP_ACT_ERRNO',
  architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86'],
  syscalls,
}));

/** Allow-by-default (denylist) profiles over the same pool. */
export const denylist: fc.Arbitrary<SeccompProfile> = fc
  .array(
    rule.map((r) => ({ ...r, action: 'SCMP_ACT_ERRNO' as const })),
    { maxLength: 4 },
  )
  .map((syscalls) => ({ defaultAction: 'SCMP_ACT_ALLOW', syscalls }));

export { NAMES };

/** Run `mergeInputs` over in-memory documents named by path. */
export async function mergeDocs(docs: ReadonlyArray<readonly [string, MergeDocument]>, force = false) {
  const byPath = new Map(docs);
  const read: MergeReader = async (path) => byPath.get(path)!;
  return mergeInputs(
    docs.map(([path]) => path),
    read,
    { force, context: defaultResolveContext() },
  );
}

export const obsDoc = (path: string, o: Observation): readonly [string, MergeDocument] => [
  path,
  { kind: 'observation', observation: o },
];
export const profileDoc = (path: string, p: SeccompProfile): readonly [string, MergeDocument] => [
  path,
  { kind: 'profiles', profiles: [{ label: path, profile: p }] },
];
