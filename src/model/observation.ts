import * as z from 'zod';
import { ARCHES } from './arches.js';
import { MAX_ARG_VALUES, OBSERVATION_KIND, OBSERVATION_VERSION } from './observation-format.js';
import { BACKENDS, type BackendName } from './backends.js';

/**
 * The observation: what one recording saw a workload do. The interchange format between
 * `record` and `generate` (documented in README "Observation format"). Versioned: readers
 * accept every 1.x and reject other majors with a clear message.
 */
export { MAX_ARG_VALUES, OBSERVATION_KIND, OBSERVATION_VERSION };

const arch = z.enum(ARCHES);
const count = z.number().int().nonnegative();

export type { BackendName };

/** One syscall's tally on one ABI. `firstSeen` is its rank in order of first appearance (0-based). */
export const syscallUseSchema = z.object({
  count,
  /** Calls that returned an error (-1 / negative errno), where the backend sees returns. */
  errors: count.default(0),
  firstSeen: count,
});
export type SyscallUse = z.infer<typeof syscallUseSchema>;

export const commandWorkloadSchema = z.object({
  kind: z.literal('command'),
  command: z.array(z.string()).min(1),
});
export const containerWorkloadSchema = z.object({
  kind: z.literal('container'),
  image: z.string(),
  /** The user's `docker run` arguments (without the image and command). */
  dockerArgs: z.array(z.string()),
  command: z.array(z.string()),
  runtime: z.object({ name: z.string(), version: z.string() }).optional(),
  noNewPrivileges: z.boolean().default(false),
  /** The profile the container was recorded under (`docker-default`, a path, or `unconfined`). */
  baseline: z.string().optional(),
  /** For a service of a compose project: which one (record -f). */
  compose: z
    .object({
      project: z.string(),
      files: z.array(z.string()),
      service: z.string(),
      /** The first container's number (1; further replicas are listed in `containers`). */
      replica: z.number().int().positive(),
      /** The user the container ran as (`user:`; '' = the image's default). */
      user: z.string().default(''),
      /** Every container of the service the evidence comes from (replicas merge into one observation). */
      containers: z
        .array(z.object({ replica: z.number().int().positive(), name: z.string(), id: z.string() }))
        .optional(),
    })
    .optional(),
  /**
   * Set by `record --attach`: the container was already running, so its start-up (everything
   * before `at`) was not seen. `generate` warns unless a recording of the same image that
   * started the container is merged in.
   */
  attached: z
    .object({
      container: z.string(),
      /** When the container had started (the engine's State.StartedAt). */
      containerStartedAt: z.string(),
      /** When the recording began (ISO 8601). */
      at: z.string(),
    })
    .optional(),
});
/** Traces read from files the user already had: no workload metadata beyond the files. */
export const traceFilesWorkloadSchema = z.object({
  kind: z.literal('trace-files'),
  files: z.array(z.string()),
});
export const workloadSchema = z.discriminatedUnion('kind', [
  commandWorkloadSchema,
  containerWorkloadSchema,
  traceFilesWorkloadSchema,
]);
export type Workload = z.infer<typeof workloadSchema>;

export const capabilityUseSchema = z.object({
  /** observed: the kernel's capability checks were traced; inferred: derived from syscalls/args. */
  source: z.enum(['observed', 'inferred']),
  checked: count,
  granted: count,
  denied: count,
  /** Short human-readable reasons, e.g. "chown(2)", "bind() to port 80". Sorted, at most 10. */
  evidence: z.array(z.string()),
});
export type CapabilityUse = z.infer<typeof capabilityUseSchema>;

/** Distinct argument values seen for one argument index; `truncated` once over the cap. */
export const argValuesSchema = z.object({
  /** Numbers, or bigints above 2^53 (written as exact JSON integers, see exact-json). */
  values: z.array(z.union([z.number(), z.bigint()])),
  truncated: z.boolean().default(false),
});
export type ArgValues = z.infer<typeof argValuesSchema>;

/** The machine a recording ran on: its hostname and native ABI. */
export const hostSchema = z.object({ name: z.string(), arch });
export type Host = z.infer<typeof hostSchema>;

/** One recording a merged observation unions, identified by the digest of its canonical JSON. */
export const mergedSourceSchema = z.object({
  /** sha256 of the recording's canonical JSON (sorted keys, without `merged`). */
  digest: z.string().regex(/^[0-9a-f]{64}$/),
  /** The file name it was merged from. */
  label: z.string(),
  workload: z.string(),
  /** The container image, for container workloads. */
  image: z.string().optional(),
  /** The native ABI its calls belong to (the host's, else the 64-bit ABI it used). */
  arch: arch.optional(),
  backend: z.string(),
  host: hostSchema.optional(),
  complete: z.boolean(),
});
export type MergedSource = z.infer<typeof mergedSourceSchema>;

export const observationSchema = z.object({
  kind: z.literal(OBSERVATION_KIND),
  version: z.string().regex(/^1\.\d+$/),
  workload: workloadSchema,
  backend: z.object({ name: z.enum(BACKENDS), version: z.string(), notes: z.array(z.string()).default([]) }),
  /** False when the recording was cut short (interrupt, tracer death, lost events). */
  complete: z.boolean(),
  incompleteReasons: z.array(z.string()).default([]),
  exit: z.object({ code: z.number().int().nullable(), signal: z.string().nullable() }),
  durationMs: count,
  /** Per ABI, per syscall name: what the workload itself did. */
  syscalls: z.partialRecord(arch, z.record(z.string(), syscallUseSchema)),
  /** Attempts a filter already in force blocked (strace SIGSYS, audit non-LOG records). */
  blocked: z.partialRecord(arch, z.record(z.string(), count)).default({}),
  /** Distinct values per syscall per argument index ("0".."5"), where the backend decodes them. */
  args: z.record(z.string(), z.record(z.string(), argValuesSchema)).default({}),
  /** TCP/UDP ports the workload bound. */
  bindPorts: z.array(z.number().int()).default([]),
  capabilities: z.record(z.string(), capabilityUseSchema).default({}),
  /** Where a container wrote outside its volumes (from `docker diff`), for `generate --harden`. */
  writes: z
    .object({
      source: z.string(),
      dirs: z.array(z.object({ path: z.string(), imageEntries: z.number().int() })),
      modifiedImageFiles: z.array(z.string()),
    })
    .optional(),
  /** What the container runtime itself needs after the filter is installed (container workloads). */
  runtime: z
    .object({
      source: z.string(),
      syscalls: z.partialRecord(arch, z.array(z.string())),
    })
    .optional(),
  /** Where the recording ran (record sets it; trace files read later have none). */
  host: hostSchema.optional(),
  /** Set by `seccompose merge`: every recording this observation is the union of. */
  merged: z.object({ sources: z.array(mergedSourceSchema).min(1) }).optional(),
  /** What was dropped and why: unparsed lines, unknown syscall numbers, lost events. */
  diagnostics: z
    .object({
      unparsedLines: count.default(0),
      unparsedSamples: z.array(z.object({ line: count, text: z.string() })).default([]),
      unknownSyscalls: z.array(z.string()).default([]),
      lostEvents: count.default(0),
      /** sys_enter events with syscall number -1: the kernel's "no syscall" (nothing to allow). */
      noSyscallEvents: count.optional(),
    })
    .default({ unparsedLines: 0, unparsedSamples: [], unknownSyscalls: [], lostEvents: 0 }),
});
export type Observation = z.infer<typeof observationSchema>;
