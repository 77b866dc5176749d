import { ARCHES, type SeccompArch } from '../model/arches.js';
import { SHARED_SYSCALL_TABLES, SYSCALL_NAMES, SYSCALL_TABLES } from './generated/syscalls.js';

export { SYSCALL_TABLE_VERSION } from './generated/syscalls.js';

/** Every ABI seccompose has a syscall table for (all 23 SCMP_ARCH names; some share a table). */
export const TABLE_ABIS: readonly SeccompArch[] = ARCHES.filter(
  (arch) => SYSCALL_TABLES[arch] !== undefined || SHARED_SYSCALL_TABLES[arch] !== undefined,
);

interface AbiIndex {
  byName: ReadonlyMap<string, number>;
  byNumber: ReadonlyMap<number, string>;
  names: readonly string[];
}

const indexes = new Map<SeccompArch, AbiIndex>();

/** The `name number` pairs of an ABI's table, in the table's order. */
function entriesOf(text: string | undefined): Array<[string, number]> {
  const words = text === undefined ? [] : text.trim().split(/\s+/);
  const entries: Array<[string, number]> = [];
  for (let i = 0; i + 1 < words.length; i += 2) entries.push([words[i]!, Number(words[i + 1])]);
  return entries;
}

function indexOf(abi: SeccompArch): AbiIndex {
  let index = indexes.get(abi);
  if (index === undefined) {
    const entries = entriesOf(SYSCALL_TABLES[SHARED_SYSCALL_TABLES[abi] ?? abi]);
    index = {
      byName: new Map(entries),
      byNumber: new Map(entries.map(([name, nr]) => [nr, name] as const)),
      names: entries.map(([name]) => name).sort(),
    };
    indexes.set(abi, index);
  }
  return index;
}

/** The kernel's number for `name` on `abi` (x32 includes the 0x40000000 bit), or undefined if absent. */
export function syscallNumber(abi: SeccompArch, name: string): number | undefined {
  return indexOf(abi).byName.get(name);
}

/** The syscall name for number `nr` on `abi`, or undefined. */
export function syscallName(abi: SeccompArch, nr: number): string | undefined {
  return indexOf(abi).byNumber.get(nr);
}

/** Sorted names of every syscall that exists on `abi`. */
export function syscallNamesOf(abi: SeccompArch): readonly string[] {
  return indexOf(abi).names;
}

let allNames: readonly string[] | undefined;

/** Sorted names of every syscall that exists on at least one ABI. */
export function allSyscallNames(): readonly string[] {
  allNames ??= SYSCALL_NAMES.trim().split(/\s+/);
  return allNames;
}

let allNameSet: ReadonlySet<string> | undefined;

/** Whether `name` is a syscall on any ABI libseccomp knows. */
export function isKnownSyscall(name: string): boolean {
  allNameSet ??= new Set(allSyscallNames());
  return allNameSet.has(name);
}
