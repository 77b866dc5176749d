import { InternalError } from '../errors.js';
import {
  MAX_ARG_VALUES,
  OBSERVATION_KIND,
  OBSERVATION_VERSION,
  type CapabilityUse,
  type MergedSource,
  type Observation,
  type SyscallUse,
} from '../model/observation.js';
import { compareUint64, type Uint64 } from '../model/exact-json.js';
import { sortKeys, sortUnique, stableJson } from '../model/stable-order.js';
import { recordingsOf } from './sources.js';

/** Lists the union caps (each is sorted first, so "the first N" does not depend on input order). */
const MAX_NOTES = 50;
const MAX_REASONS = 50;
const MAX_EVIDENCE = 10;
const MAX_SAMPLES = 20;

type Exit = Observation['exit'];

/** A total order on exits, worst last: a signal, then a non-zero code, then success. */
function exitRank(exit: Exit): string {
  const severity = exit.signal !== null ? 2 : exit.code !== 0 ? 1 : 0;
  return `${severity}:${exit.signal ?? ''}:${String(exit.code ?? -1).padStart(12, '0')}`;
}

const canonical = (value: unknown): string => stableJson(sortKeys(value));
const minBy = <T>(a: T | undefined, b: T, key: (v: T) => string): T => (a === undefined || key(b) < key(a) ? b : a);
const capped = (values: Iterable<string>, max: number): string[] => sortUnique(values).slice(0, max);

interface ArgSlot {
  values: Set<Uint64>;
  truncated: boolean;
}

/**
 * The union of observations, folded one at a time so that hundreds of inputs never sit in memory
 * together. Every field is a commutative, associative, idempotent combination (sums over distinct
 * recordings, unions, minimum/maximum under a total order, sorted lists capped after sorting), so
 * the result does not depend on input order or grouping. The caller adds each recording once
 * (`planMerge` drops inputs another input already contains).
 */
export class ObservationUnion {
  private readonly sources = new Map<string, MergedSource>();
  private workload: Observation['workload'] | undefined;
  /** Some input saw a container start (not `record --attach`): the union then saw its start-up. */
  private startupSeen = false;
  private backend: { name: Observation['backend']['name']; version: string } | undefined;
  private readonly notes = new Set<string>();
  private complete = true;
  private readonly reasons = new Set<string>();
  private exit: Exit | undefined;
  private durationMs = 0;
  private readonly syscalls = new Map<string, Map<string, SyscallUse>>();
  private readonly blocked = new Map<string, Map<string, number>>();
  private readonly args = new Map<string, ArgSlot>();
  /** Per syscall name: the argument indexes every input that saw the call decoded. */
  private readonly decodedByAll = new Map<string, Set<string>>();
  private readonly ports = new Set<number>();
  private readonly capabilities = new Map<string, CapabilityUse>();
  private readonly runtimeSources = new Set<string>();
  private readonly runtime = new Map<string, Set<string>>();
  private readonly diagnostics = {
    unparsedLines: 0,
    lostEvents: 0,
    noSyscallEvents: 0,
    samples: new Set<string>(),
    unknown: new Set<string>(),
  };

  /** Fold one observation (a recording, or an earlier merge result) into the union. */
  add(observation: Observation, label: string): void {
    for (const source of recordingsOf(observation, label)) this.sources.set(source.digest, source);
    this.workload = minBy(this.workload, observation.workload, canonical);
    this.startupSeen ||= observation.workload.kind === 'container' && !observation.workload.attached;
    const backend = { name: observation.backend.name, version: observation.backend.version };
    this.backend = minBy(this.backend, backend, canonical);
    for (const note of observation.backend.notes) this.notes.add(note);
    this.complete &&= observation.complete;
    const prefix = observation.merged ? '' : `${label}: `;
    for (const reason of observation.incompleteReasons) this.reasons.add(`${prefix}${reason}`);
    this.exit =
      this.exit === undefined || exitRank(observation.exit) > exitRank(this.exit) ? observation.exit : this.exit;
    this.durationMs += observation.durationMs;
    this.addCalls(observation);
    this.addArgs(observation);
    for (const port of observation.bindPorts) this.ports.add(port);
    this.addCapabilities(observation);
    if (observation.runtime) {
      for (const source of observation.runtime.source.split(' + ')) this.runtimeSources.add(source);
      for (const [abi, names] of Object.entries(observation.runtime.syscalls)) {
        const set = this.runtime.get(abi) ?? new Set<string>();
        for (const name of names ?? []) set.add(name);
        this.runtime.set(abi, set);
      }
    }
    const d = observation.diagnostics;
    this.diagnostics.unparsedLines += d.unparsedLines;
    this.diagnostics.lostEvents += d.lostEvents;
    this.diagnostics.noSyscallEvents += d.noSyscallEvents ?? 0;
    for (const sample of d.unparsedSamples) this.diagnostics.samples.add(canonical(sample));
    for (const name of d.unknownSyscalls) this.diagnostics.unknown.add(name);
  }

  private addCalls(observation: Observation): void {
    for (const [abi, calls] of Object.entries(observation.syscalls)) {
      const table = this.syscalls.get(abi) ?? new Map<string, SyscallUse>();
      for (const [name, use] of Object.entries(calls ?? {})) {
        const prev = table.get(name);
        table.set(
          name,
          prev
            ? {
                count: prev.count + use.count,
                errors: prev.errors + use.errors,
                firstSeen: Math.min(prev.firstSeen, use.firstSeen),
              }
            : { ...use },
        );
      }
      this.syscalls.set(abi, table);
    }
    for (const [abi, calls] of Object.entries(observation.blocked)) {
      const table = this.blocked.get(abi) ?? new Map<string, number>();
      for (const [name, n] of Object.entries(calls ?? {})) table.set(name, (table.get(name) ?? 0) + n);
      this.blocked.set(abi, table);
    }
  }

  private addArgs(observation: Observation): void {
    for (const [name, perIndex] of Object.entries(observation.args))
      for (const [index, arg] of Object.entries(perIndex)) {
        const key = `${name}\u0000${index}`;
        const slot = this.args.get(key) ?? { values: new Set<Uint64>(), truncated: false };
        for (const v of arg.values) slot.values.add(v);
        slot.truncated ||= arg.truncated;
        // Only the smallest MAX_ARG_VALUES are kept (and one more, to know the cap was passed).
        if (slot.values.size > 2 * MAX_ARG_VALUES)
          slot.values = new Set([...slot.values].sort(compareUint64).slice(0, MAX_ARG_VALUES + 1));
        this.args.set(key, slot);
      }
    // A call seen without an argument decoded could have passed any value (see mergeObservations).
    const seen = new Set(Object.values(observation.syscalls).flatMap((calls) => Object.keys(calls ?? {})));
    for (const name of seen) {
      const decoded = new Set(Object.keys(observation.args[name] ?? {}));
      const prev = this.decodedByAll.get(name);
      this.decodedByAll.set(name, prev ? new Set([...prev].filter((i) => decoded.has(i))) : decoded);
    }
  }

  private addCapabilities(observation: Observation): void {
    for (const [cap, use] of Object.entries(observation.capabilities)) {
      const prev = this.capabilities.get(cap);
      this.capabilities.set(
        cap,
        prev
          ? {
              source: prev.source === 'observed' || use.source === 'observed' ? 'observed' : 'inferred',
              checked: prev.checked + use.checked,
              granted: prev.granted + use.granted,
              denied: prev.denied + use.denied,
              evidence: capped([...prev.evidence, ...use.evidence], MAX_EVIDENCE),
            }
          : { ...use, evidence: capped(use.evidence, MAX_EVIDENCE) },
      );
    }
  }

  /** The merged observation: a valid observation whose `merged.sources` lists every recording. */
  result(): Observation {
    if (this.workload === undefined || this.backend === undefined || this.exit === undefined)
      throw new InternalError('ObservationUnion.result() was called before any add()');
    const sources = [...this.sources.values()].sort((a, b) => (a.digest < b.digest ? -1 : 1));
    const hosts = new Set(sources.map((s) => (s.host ? canonical(s.host) : '')));
    const [host] = sources;
    return {
      kind: OBSERVATION_KIND,
      version: OBSERVATION_VERSION,
      workload: this.startupSeen ? withoutAttach(this.workload) : this.workload,
      backend: { ...this.backend, notes: capped(this.notes, MAX_NOTES) },
      complete: this.complete,
      incompleteReasons: capped(this.reasons, MAX_REASONS),
      exit: this.exit,
      durationMs: this.durationMs,
      syscalls: sortedTable(this.syscalls) as Observation['syscalls'],
      blocked: sortedTable(this.blocked) as Observation['blocked'],
      args: this.argsResult(),
      bindPorts: [...this.ports].sort((a, b) => a - b),
      capabilities: Object.fromEntries(sortUnique(this.capabilities.keys()).map((c) => [c, this.capabilities.get(c)!])),
      ...(this.runtimeSources.size > 0
        ? {
            runtime: {
              source: sortUnique(this.runtimeSources).join(' + '),
              syscalls: Object.fromEntries(
                sortUnique(this.runtime.keys()).map((abi) => [abi, sortUnique(this.runtime.get(abi)!)]),
              ),
            },
          }
        : {}),
      ...(hosts.size === 1 && host?.host ? { host: host.host } : {}),
      merged: { sources },
      diagnostics: {
        unparsedLines: this.diagnostics.unparsedLines,
        unparsedSamples: capped(this.diagnostics.samples, MAX_SAMPLES).map((s) => JSON.parse(s)),
        unknownSyscalls: sortUnique(this.diagnostics.unknown),
        lostEvents: this.diagnostics.lostEvents,
        ...(this.diagnostics.noSyscallEvents > 0 ? { noSyscallEvents: this.diagnostics.noSyscallEvents } : {}),
      },
    };
  }

  private argsResult(): Observation['args'] {
    const out: Observation['args'] = {};
    for (const key of sortUnique(this.args.keys())) {
      const [name, index] = key.split('\u0000') as [string, string];
      const slot = this.args.get(key)!;
      const values = [...slot.values].sort(compareUint64);
      const undecoded = !(this.decodedByAll.get(name)?.has(index) ?? true);
      (out[name] ??= {})[index] = {
        values: values.slice(0, MAX_ARG_VALUES),
        truncated: slot.truncated || undecoded || values.length > MAX_ARG_VALUES,
      };
    }
    return out;
  }
}

function sortedTable<T>(table: Map<string, Map<string, T>>): Record<string, Record<string, T>> {
  return Object.fromEntries(
    sortUnique(table.keys()).map((abi) => {
      const calls = table.get(abi)!;
      return [abi, Object.fromEntries(sortUnique(calls.keys()).map((name) => [name, calls.get(name)!]))];
    }),
  );
}

/** A workload whose start-up some merged recording saw is no longer marked as only attached to. */
function withoutAttach(workload: Observation['workload']): Observation['workload'] {
  if (workload.kind !== 'container' || !workload.attached) return workload;
  const { attached: _attached, ...rest } = workload;
  return rest;
}
