import { ACTIONS, ARCHES, FLAGS, OPERATORS } from './profile.js';

/*
 * JSON Schema (draft-07, for ajv) of the Docker/moby seccomp profile, kept in lockstep with
 * `rawProfileSchema` in profile.ts: the enumerations come from the same constants, and
 * test/unit/profile/read-schema.test.ts checks both accept and reject the same documents. Where OCI
 * defines a field (runtime-spec schema/defs-linux.json) the enums and number ranges are OCI's.
 * Unknown fields are allowed on purpose (Podman's `errno`/`defaultErrno`; lint warns about them).
 */

const uint32 = { type: 'integer', minimum: 0, maximum: 4294967295 } as const;
// biome-ignore lint/correctness/noPrecisionLoss: the OCI schema's own uint64 bound; exact 64-bit values are checked apart from the schema
const uint64 = { type: 'integer', minimum: 0, maximum: 18446744073709551615 } as const;
const nullableArrayOf = (items: object) => ({ type: ['array', 'null'], items }) as const;

/** Legacy profiles may give libseccomp's numeric action value (e.g. 0x00050001 = ERRNO(EPERM)). */
const action = { anyOf: [{ $ref: '#/definitions/SeccompAction' }, uint32] } as const;

const filter = {
  type: 'object',
  properties: {
    caps: { type: 'array', items: { type: 'string' } },
    arches: { type: 'array', items: { type: 'string' } },
    minKernel: { type: 'string' },
  },
} as const;

/** The profile JSON Schema that lint validates users' files against (ajv, draft-07). */
export const profileJsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://seccompose.invalid/schema/docker-seccomp-profile.json',
  title: 'Docker/moby seccomp profile',
  type: 'object',
  required: ['defaultAction'],
  properties: {
    defaultAction: action,
    defaultErrnoRet: uint32,
    architectures: nullableArrayOf({ $ref: '#/definitions/SeccompArch' }),
    archMap: nullableArrayOf({ $ref: '#/definitions/ArchMapEntry' }),
    flags: nullableArrayOf({ $ref: '#/definitions/SeccompFlag' }),
    listenerPath: { type: 'string' },
    listenerMetadata: { type: 'string' },
    syscalls: nullableArrayOf({ $ref: '#/definitions/Syscall' }),
  },
  definitions: {
    SeccompArch: { type: 'string', enum: [...ARCHES] },
    SeccompAction: { type: 'string', enum: [...ACTIONS] },
    SeccompFlag: { type: 'string', enum: [...FLAGS] },
    SeccompOperators: { type: 'string', enum: [...OPERATORS] },
    SyscallArg: {
      type: 'object',
      required: ['index', 'value', 'op'],
      properties: { index: uint32, value: uint64, valueTwo: uint64, op: { $ref: '#/definitions/SeccompOperators' } },
    },
    ArchMapEntry: {
      type: 'object',
      required: ['architecture'],
      properties: {
        architecture: { $ref: '#/definitions/SeccompArch' },
        subArchitectures: nullableArrayOf({ $ref: '#/definitions/SeccompArch' }),
      },
    },
    Filter: filter,
    Syscall: {
      type: 'object',
      required: ['action'],
      anyOf: [{ required: ['names'] }, { required: ['name'] }],
      properties: {
        names: { type: 'array', items: { type: 'string' }, minItems: 1 },
        name: { type: 'string' },
        action,
        errnoRet: uint32,
        args: nullableArrayOf({ $ref: '#/definitions/SyscallArg' }),
        comment: { type: 'string' },
        includes: { $ref: '#/definitions/Filter' },
        excludes: { $ref: '#/definitions/Filter' },
      },
    },
  },
} as const;
