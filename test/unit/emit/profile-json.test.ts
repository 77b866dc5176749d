import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, ARCHES, FLAGS, OPERATORS, type SeccompProfile } from '../../../src/model/profile.js';
import { serializeProfile } from '../../../src/emit/profile-json.js';
import { parseProfile } from '../../../src/profile/read.js';
import { readReference } from '../../helpers/reference.js';

const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/);
const filter = fc.record(
  {
    caps: fc.array(fc.constantFrom('CAP_SYS_ADMIN', 'CAP_BPF', 'CAP_CHOWN'), { minLength: 1 }),
    arches: fc.array(fc.constantFrom('amd64', 'arm64', 'x32'), { minLength: 1 }),
    minKernel: fc.constantFrom('4.8', '5.10'),
  },
  { requiredKeys: [] },
);
const arg = fc.record(
  { index: fc.nat(5), value: fc.nat(), valueTwo: fc.nat(), op: fc.constantFrom(...OPERATORS) },
  { requiredKeys: ['index', 'value', 'op'] },
);
const rule = fc.record(
  {
    names: fc.array(name, { minLength: 1, maxLength: 6 }),
    action: fc.constantFrom(...ACTIONS),
    errnoRet: fc.nat(4095),
    args: fc.array(arg, { minLength: 1, maxLength: 3 }),
    comment: fc.string({ minLength: 1, maxLength: 20 }),
    includes: filter,
    excludes: filter,
  },
  { requiredKeys: ['names', 'action'] },
);
const profileArb: fc.Arbitrary<SeccompProfile> = fc.record(
  {
    defaultAction: fc.constantFrom(...ACTIONS),
    defaultErrnoRet: fc.nat(4095),
    architectures: fc.array(fc.constantFrom(...ARCHES), { maxLength: 3 }),
    archMap: fc.array(
      fc.record({
        architecture: fc.constantFrom(...ARCHES),
        subArchitectures: fc.array(fc.constantFrom(...ARCHES), { maxLength: 2 }),
      }),
      { maxLength: 2 },
    ),
    flags: fc.array(fc.constantFrom(...FLAGS), { maxLength: 2 }),
    listenerPath: fc.string({ maxLength: 10 }),
    listenerMetadata: fc.string({ maxLength: 10 }),
    syscalls: fc.array(rule, { maxLength: 6 }),
  },
  { requiredKeys: ['defaultAction', 'syscalls'] },
) as fc.Arbitrary<SeccompProfile>;

describe('serializeProfile', () => {
  it('round-trips: emit → parse → emit is byte-identical', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        const once = serializeProfile(profile);
        expect(serializeProfile(parseProfile(once, 'round-trip'))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('writes the fixed key order, sorted names, rule order kept, trailing newline', () => {
    const text = serializeProfile({
      syscalls: [
        {
          excludes: { caps: ['CAP_B', 'CAP_A'] },
          comment: 'c',
          args: [{ op: 'SCMP_CMP_EQ', value: 1, index: 0 }],
          errnoRet: 1,
          action: 'SCMP_ACT_ERRNO',
          names: ['b', 'a', 'b'],
        },
        { names: ['z'], action: 'SCMP_ACT_ALLOW' },
      ],
      architectures: ['SCMP_ARCH_X86_64'],
      defaultErrnoRet: 1,
      defaultAction: 'SCMP_ACT_ERRNO',
    });
    expect(text).toBe(
      [
        '{',
        '  "defaultAction": "SCMP_ACT_ERRNO",',
        '  "defaultErrnoRet": 1,',
        '  "architectures": [',
        '    "SCMP_ARCH_X86_64"',
        '  ],',
        '  "syscalls": [',
        '    {',
        '      "names": [',
        '        "a",',
        '        "b"',
        '      ],',
        '      "action": "SCMP_ACT_ERRNO",',
        '      "errnoRet": 1,',
        '      "args": [',
        '        {',
        '          "index": 0,',
        '          "value": 1,',
        '          "op": "SCMP_CMP_EQ"',
        '        }',
        '      ],',
        '      "comment": "c",',
        '      "excludes": {',
        '        "caps": [',
        '          "CAP_A",',
        '          "CAP_B"',
        '        ]',
        '      }',
        '    },',
        '    {',
        '      "names": [',
        '        "z"',
        '      ],',
        '      "action": "SCMP_ACT_ALLOW"',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes legacy fixtures in the modern form', () => {
    const text = serializeProfile(parseProfile(readReference('moby-fixture-default-old-format.json'), 'old'));
    expect(text).not.toContain('"name"');
    expect(JSON.parse(text).syscalls).toHaveLength(311);
  });
});
