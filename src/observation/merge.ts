import { MAX_ARG_VALUES, type ArgValues, type Observation, type Workload } from '../model/observation.js';
import { compareUint64, type Uint64 } from '../model/exact-json.js';
import type { SeccompArch } from '../model/profile.js';
import { sortUnique } from '../model/stable-order.js';

/** An observation and the short label it is cited by (its file's base name). */
export interface LabelledObservation {
  label: string;
  observation: Observation;
}

/** Where one merged observation came from, for provenance. */
export interface SourceSummary {
  label: string;
  workload: string;
  backend: string;
  complete: boolean;
}

/** A syscall's merged tally and how many calls each observation (by label) saw. */
export interface CallEvidence {
  count: number;
  errors: number;
  sources: Record<string, number>;
}

export type ArchTable<T> = Partial<Record<SeccompArch, Record<string, T>>>;

/** The union of several observations: sums of counts, unions of names, values and ports. */
export interface MergedEvidence {
  sources: SourceSummary[];
  syscalls: ArchTable<CallEvidence>;
  blocked: ArchTable<CallEvidence>;
  args: Record<string, Record<string, ArgValues>>;
  bindPorts: number[];
  /** Runtime (post-filter) syscalls per ABI and the runtime sources that name each. */
  runtime: ArchTable<string[]>;
}

/** A one-line description of a workload for provenance and reports. */
export function describeWorkload(workload: Workload): string {
  switch (workload.kind) {
    case 'command':
      return `command ${workload.command.join(' ')}`;
    case 'container':
      return `container ${[workload.image, ...workload.command].join(' ')}${workload.attached ? ` (attached to running ${workload.attached.container}: start-up not seen)` : ''}`;
    case 'trace-files':
      return `trace files ${workload.files.join(', ')}`;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function addCall(
  table: Map<string, Map<string, CallEvidence>>,
  arch: string,
  name: string,
  count: number,
  errors: number,
  source: string,
): void {
  let perArch = table.get(arch);
  if (!perArch) table.set(arch, (perArch = new Map()));
  const call = perArch.get(name);
  if (call) {
    call.count += count;
    call.errors += errors;
    call.sources[source] = (call.sources[source] ?? 0) + count;
  } else {
    perArch.set(name, { count, errors, sources: { [source]: count } });
  }
}

function sortTable<T>(table: Map<string, Map<string, T>>, finish: (value: T) => T): ArchTable<T> {
  const out: Record<string, Record<string, T>> = {};
  for (const arch of [...table.keys()].sort(compare)) {
    const perArch = table.get(arch)!;
    out[arch] = Object.fromEntries([...perArch.keys()].sort(compare).map((name) => [name, finish(perArch.get(name)!)]));
  }
  return out as ArchTable<T>;
}

const finishCall = (call: CallEvidence): CallEvidence => ({
  ...call,
  sources: Object.fromEntries(
    Object.keys(call.sources)
      .sort(compare)
      .map((label) => [label, call.sources[label]!]),
  ),
});

function mergeArgs(inputs: readonly LabelledObservation[]): MergedEvidence['args'] {
  const slots = new Map<string, { values: Set<Uint64>; truncated: boolean }>();
  for (const { observation } of inputs)
    for (const [name, perIndex] of Object.entries(observation.args))
      for (const [index, arg] of Object.entries(perIndex)) {
        const key = `${name}\u0000${index}`;
        const slot = slots.get(key) ?? { values: new Set<Uint64>(), truncated: false };
        for (const v of arg.values) slot.values.add(v);
        slot.truncated ||= arg.truncated;
        slots.set(key, slot);
      }
  // An observation that saw the call but did not decode this argument (another backend, or an
  // older recorder) could have passed any value: the union is then incomplete, marked truncated.
  for (const { observation } of inputs) {
    const seen = new Set(Object.values(observation.syscalls).flatMap((perAbi) => Object.keys(perAbi ?? {})));
    for (const [key, slot] of slots) {
      const [name, index] = key.split('\u0000') as [string, string];
      if (seen.has(name) && observation.args[name]?.[index] === undefined) slot.truncated = true;
    }
  }
  const out: Record<string, Record<string, ArgValues>> = {};
  for (const key of [...slots.keys()].sort(compare)) {
    const [name, index] = key.split('\u0000') as [string, string];
    const slot = slots.get(key)!;
    const values = [...slot.values].sort(compareUint64);
    (out[name] ??= {})[index] = {
      values: values.slice(0, MAX_ARG_VALUES),
      truncated: slot.truncated || values.length > MAX_ARG_VALUES,
    };
  }
  return out;
}

/**
 * Merge observations into one body of evidence. Commutative and associative: every list is
 * sorted and every count summed, so the input order never shows in the result.
 */
export function mergeObservations(inputs: readonly LabelledObservation[]): MergedEvidence {
  const syscalls = new Map<string, Map<string, CallEvidence>>();
  const blocked = new Map<string, Map<string, CallEvidence>>();
  const runtime = new Map<string, Map<string, string[]>>();
  const ports = new Set<number>();
  for (const { label, observation } of inputs) {
    for (const [arch, calls] of Object.entries(observation.syscalls))
      for (const [name, use] of Object.entries(calls ?? {}))
        addCall(syscalls, arch, name, use.count, use.errors, label);
    for (const [arch, calls] of Object.entries(observation.blocked))
      for (const [name, n] of Object.entries(calls ?? {})) addCall(blocked, arch, name, n, 0, label);
    for (const p of observation.bindPorts) ports.add(p);
    const rt = observation.runtime;
    if (rt)
      for (const [arch, names] of Object.entries(rt.syscalls)) {
        let perArch = runtime.get(arch);
        if (!perArch) runtime.set(arch, (perArch = new Map()));
        for (const name of names ?? []) perArch.set(name, [...(perArch.get(name) ?? []), rt.source]);
      }
  }
  // A merge result stands for the recordings it lists (seccompose merge), so provenance names those.
  const sources = inputs
    .flatMap(({ label, observation: o }) =>
      o.merged
        ? o.merged.sources.map((s) => ({
            label: s.label,
            workload: s.workload,
            backend: s.backend,
            complete: s.complete,
          }))
        : [
            {
              label,
              workload: describeWorkload(o.workload),
              backend: `${o.backend.name} ${o.backend.version}`,
              complete: o.complete,
            },
          ],
    )
    .sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
  return {
    sources,
    syscalls: sortTable(syscalls, finishCall),
    blocked: sortTable(blocked, finishCall),
    args: mergeArgs(inputs),
    bindPorts: [...ports].sort((a, b) => a - b),
    runtime: sortTable(runtime, (list) => sortUnique(list)),
  };
}

/** The ABIs that the workload or the runtime used. */
export function observedAbis(merged: MergedEvidence): SeccompArch[] {
  const abis = new Set([...Object.keys(merged.syscalls), ...Object.keys(merged.runtime)]);
  return [...abis].sort(compare) as SeccompArch[];
}
