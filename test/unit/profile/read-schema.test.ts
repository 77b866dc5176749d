import { readdirSync } from 'node:fs';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { profileJsonSchema } from '../../../src/model/profile-schema.js';
import { checkProfileText } from '../../../src/profile/read.js';
import { referenceDir, readReference } from '../../helpers/reference.js';

type Json = Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const validate = ajv.compile(profileJsonSchema);
const ociDefs = (JSON.parse(readReference('oci-schema-defs-linux.json')) as { definitions: Record<string, Json> })
  .definitions;
const ociNumbers = (JSON.parse(readReference('oci-schema-defs.json')) as { definitions: Record<string, Json> })
  .definitions;
const ociSeccomp = JSON.parse(readReference('oci-schema-config-linux.json')) as Json & { properties: Json };
const ours = profileJsonSchema.definitions as unknown as Record<string, Json & { properties?: Record<string, Json> }>;

const profileAnchors = readdirSync(referenceDir).filter((name) =>
  /^(docker-default.*|containers-common-seccomp.*|moby-fixture-.*)\.json$/.test(name),
);

describe('profile JSON Schema', () => {
  it('is a valid draft-07 schema and compiles under ajv strict mode', () => {
    expect(ajv.validateSchema(profileJsonSchema), ajv.errorsText(ajv.errors)).toBe(true);
    expect(typeof validate).toBe('function');
  });

  it.each(profileAnchors)('accepts the anchor profile %s', (name) => {
    const valid = validate(JSON.parse(readReference(name)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('covers all 7 anchor profiles, Podman extensions included', () => {
    expect(profileAnchors).toHaveLength(7);
    expect(
      validate({
        defaultAction: 'SCMP_ACT_ERRNO',
        defaultErrno: 'ENOSYS',
        syscalls: [{ names: ['x'], action: 'SCMP_ACT_ERRNO', errno: 'EPERM' }],
      }),
    ).toBe(true);
  });

  it.each([
    ['SeccompArch', 'SeccompArch'],
    ['SeccompAction', 'SeccompAction'],
    ['SeccompFlag', 'SeccompFlag'],
    ['SeccompOperators', 'SeccompOperators'],
  ])('has the same %s enum as the OCI runtime-spec', (ourName, ociName) => {
    expect(ours[ourName]?.enum).toEqual(ociDefs[ociName]?.enum);
  });

  it("shapes args, rules and numbers like OCI's SyscallArg, Syscall, uint32 and uint64", () => {
    expect(ours.SyscallArg?.required).toEqual(ociDefs.SyscallArg?.required);
    expect(Object.keys(ours.SyscallArg?.properties ?? {})).toEqual(Object.keys(ociDefs.SyscallArg?.properties as Json));
    expect(ours.SyscallArg?.properties?.index).toEqual(ociNumbers.uint32);
    expect(ours.SyscallArg?.properties?.value).toEqual(ociNumbers.uint64);
    expect(ours.Syscall?.properties?.names).toEqual((ociDefs.Syscall?.properties as Json | undefined)?.names);
    expect(ours.Syscall?.properties?.errnoRet).toEqual(ociNumbers.uint32);
    expect(profileJsonSchema.properties.defaultErrnoRet).toEqual(ociNumbers.uint32);
    const oci = JSON.stringify(ociSeccomp);
    expect(oci).toContain('"required":["defaultAction"]');
    expect(profileJsonSchema.required).toEqual(['defaultAction']);
  });

  it('rejects what OCI rejects', () => {
    const rule = { names: ['read'], action: 'SCMP_ACT_ALLOW' };
    expect(validate({})).toBe(false);
    expect(validate({ defaultAction: 'SCMP_ACT_NOPE' })).toBe(false);
    expect(validate({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ ...rule, names: [] }] })).toBe(false);
    expect(validate({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ ...rule, args: [{ index: 0, value: 1 }] }] })).toBe(
      false,
    );
    expect(validate({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ ...rule, errnoRet: -1 }] })).toBe(false);
    expect(validate({ defaultAction: 'SCMP_ACT_ERRNO', flags: ['SECCOMP_FILTER_FLAG_NOPE'] })).toBe(false);
  });
});

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
/** Mostly valid values, sometimes invalid ones, so that most documents are valid or nearly so. */
const pick = (valid: unknown[], invalid: unknown[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 6 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });
const action = pick(
  ['SCMP_ACT_ALLOW', 'SCMP_ACT_ERRNO', 0x00050001, 0x7fff0000],
  ['SCMP_ACT_BOGUS', 12345, -1, null, 'allow'],
);
const arg = fc.record({
  index: pick([0, 5], [-1, 'a']),
  value: pick([0, 2 ** 40], [-1, '1', 1.5]),
  op: pick(['SCMP_CMP_EQ', 'SCMP_CMP_MASKED_EQ'], ['SCMP_CMP_BOGUS', undefined]),
});
const filter = pick(
  [{}, { caps: ['CAP_SYS_ADMIN'] }, { minKernel: '4.8' }, { arches: ['amd64'] }],
  [{ caps: 'CAP_SYS_ADMIN' }, { minKernel: 4 }],
);
const rule = fc.record({
  names: maybe(pick([['read'], ['a', 'b']], [[], 'read', [1]])),
  name: maybe(pick(['write'], [7])),
  action,
  errnoRet: maybe(pick([1, 38], [-1, 1.5, '1'])),
  args: maybe(pick([null], [7]).chain((bad) => fc.oneof(fc.constant(bad), fc.array(arg, { maxLength: 2 })))),
  includes: maybe(filter),
  comment: maybe(pick(['c', ''], [3])),
});
const documentArb = fc.record({
  defaultAction: pick(['SCMP_ACT_ERRNO', 'SCMP_ACT_ALLOW'], ['SCMP_ACT_BOGUS', undefined]),
  architectures: maybe(pick([['SCMP_ARCH_X86_64'], null], [['SCMP_ARCH_Z80'], 'SCMP_ARCH_X86_64'])),
  flags: maybe(pick([['SECCOMP_FILTER_FLAG_LOG'], null], [['NOPE']])),
  listenerPath: maybe(pick(['/run/x.sock'], [7])),
  syscalls: maybe(fc.oneof(fc.constant(null), fc.array(rule, { maxLength: 3 }))),
  errno: maybe(fc.constant('EPERM')),
});

/** Cross-field checks the reader makes after the schema (JSON Schema cannot express them simply). */
const READER_ONLY = /both "name" and "names"|numeric action/;

describe('lockstep with the zod model', () => {
  it('ajv accepts exactly what the reader accepts, apart from the reader-only cross-field checks', () => {
    let valid = 0;
    fc.assert(
      fc.property(documentArb, (document) => {
        const text = JSON.stringify(document);
        const { profile, problems } = checkProfileText(text);
        const readerOnly =
          problems.length > 0 && problems.every((p) => p.kind === 'semantic' && READER_ONLY.test(p.message));
        const ajvValid = validate(JSON.parse(text));
        if (ajvValid) valid += 1;
        // Whatever ajv rejects the reader rejects; whatever ajv accepts the reader accepts unless a
        // reader-only check fails.
        if (!ajvValid) expect(profile, text).toBeUndefined();
        else expect(profile !== undefined || readerOnly, text).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(valid).toBeGreaterThan(200);
  });
});
