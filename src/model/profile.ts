import * as z from 'zod';
import { ARCHES, type SeccompArch } from './arches.js';

/** Seccomp actions of the OCI runtime-spec (defs-linux.json `SeccompAction`). */
export const ACTIONS = [
  'SCMP_ACT_KILL',
  'SCMP_ACT_KILL_PROCESS',
  'SCMP_ACT_KILL_THREAD',
  'SCMP_ACT_TRAP',
  'SCMP_ACT_ERRNO',
  'SCMP_ACT_TRACE',
  'SCMP_ACT_ALLOW',
  'SCMP_ACT_LOG',
  'SCMP_ACT_NOTIFY',
] as const;
export type SeccompAction = (typeof ACTIONS)[number];

/**
 * libseccomp's numeric action values, accepted when reading legacy profiles (the low 16 bits of
 * ERRNO/TRACE carry the errno/trace value, e.g. 0x00050001 = ERRNO(EPERM)).
 */
export const NUMERIC_ACTIONS: ReadonlyArray<readonly [number, SeccompAction]> = [
  [0x80000000, 'SCMP_ACT_KILL_PROCESS'],
  [0x00000000, 'SCMP_ACT_KILL'],
  [0x00030000, 'SCMP_ACT_TRAP'],
  [0x00050000, 'SCMP_ACT_ERRNO'],
  [0x7fc00000, 'SCMP_ACT_NOTIFY'],
  [0x7ff00000, 'SCMP_ACT_TRACE'],
  [0x7ffc0000, 'SCMP_ACT_LOG'],
  [0x7fff0000, 'SCMP_ACT_ALLOW'],
];

export { ARCHES, type SeccompArch };

/** Argument comparison operators (`SeccompOperators`). MASKED_EQ tests `(arg & value) == valueTwo`. */
export const OPERATORS = [
  'SCMP_CMP_NE',
  'SCMP_CMP_LT',
  'SCMP_CMP_LE',
  'SCMP_CMP_EQ',
  'SCMP_CMP_GE',
  'SCMP_CMP_GT',
  'SCMP_CMP_MASKED_EQ',
] as const;
export type SeccompOperator = (typeof OPERATORS)[number];

/** Filter flags (`SeccompFlag`). */
export const FLAGS = [
  'SECCOMP_FILTER_FLAG_TSYNC',
  'SECCOMP_FILTER_FLAG_LOG',
  'SECCOMP_FILTER_FLAG_SPEC_ALLOW',
  'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV',
] as const;

const uint = z.number().int().nonnegative();
/** uint64 values: a number when a double holds it exactly, else a bigint (read exactly, see exact-json). */
const uint64 = z.union([z.number().nonnegative(), z.bigint().nonnegative()]);

/** The top-level fields of a profile that dockerd reads, in the order seccompose writes them. */
export const PROFILE_FIELDS = [
  'defaultAction',
  'defaultErrnoRet',
  'architectures',
  'archMap',
  'flags',
  'listenerPath',
  'listenerMetadata',
  'syscalls',
] as const;

export const argSchema = z.object({
  index: uint,
  value: uint64,
  valueTwo: uint64.optional(),
  op: z.enum(OPERATORS),
});
export type SeccompArg = z.infer<typeof argSchema>;

export const filterSchema = z.object({
  caps: z.array(z.string()).optional(),
  arches: z.array(z.string()).optional(),
  minKernel: z.string().optional(),
});
export type RuleFilter = z.infer<typeof filterSchema>;

/** A syscall rule as written (legacy singular `name`, numeric actions accepted). */
export const rawRuleSchema = z.object({
  names: z.array(z.string()).optional(),
  name: z.string().optional(),
  action: z.union([z.enum(ACTIONS), uint]),
  errnoRet: uint.optional(),
  args: z.array(argSchema).nullable().optional(),
  includes: filterSchema.optional(),
  excludes: filterSchema.optional(),
  comment: z.string().optional(),
});

export const archMapEntrySchema = z.object({
  architecture: z.enum(ARCHES),
  subArchitectures: z.array(z.enum(ARCHES)).nullable().optional(),
});

/** A Docker/moby profile as written; unknown fields are kept (lint reports them). */
export const rawProfileSchema = z.looseObject({
  defaultAction: z.union([z.enum(ACTIONS), uint]),
  defaultErrnoRet: uint.optional(),
  architectures: z.array(z.enum(ARCHES)).nullable().optional(),
  archMap: z.array(archMapEntrySchema).nullable().optional(),
  flags: z.array(z.enum(FLAGS)).nullable().optional(),
  listenerPath: z.string().optional(),
  listenerMetadata: z.string().optional(),
  syscalls: z.array(rawRuleSchema).nullable().optional(),
});
export type RawProfile = z.infer<typeof rawProfileSchema>;

/** A normalized rule: always `names`, always a string action. */
export interface SyscallRule {
  names: string[];
  action: SeccompAction;
  errnoRet?: number;
  args?: SeccompArg[];
  includes?: RuleFilter;
  excludes?: RuleFilter;
  comment?: string;
}

export interface ArchMapEntry {
  architecture: SeccompArch;
  subArchitectures: SeccompArch[];
}

/** A normalized Docker/moby seccomp profile: the form seccompose reasons about and writes. */
export interface SeccompProfile {
  defaultAction: SeccompAction;
  defaultErrnoRet?: number;
  architectures?: SeccompArch[];
  archMap?: ArchMapEntry[];
  flags?: (typeof FLAGS)[number][];
  listenerPath?: string;
  listenerMetadata?: string;
  syscalls: SyscallRule[];
}
