import { InternalError } from '../errors.js';
import type { SeccompArch } from '../model/profile.js';
import { syscallNumber } from '../kernel/syscalls.js';
import type { CrossAbiChoice, CrossAbiRow } from './cross-abi-row.js';
import { CROSS_ABI_ROWS } from './cross-abi-table.js';

/** What one call observed on one ABI becomes on another. */
export type Translation =
  /** The same name exists there and the target's libc issues it for the same operation. */
  | { kind: 'same'; names: [string] }
  /** The target's libc issues these instead (or as well, for a legacy call's modern form). */
  | { kind: 'mapped'; names: string[]; note: string }
  /** Nothing to allow there: the operation needs no syscall on that ABI, or Linux removed it. */
  | { kind: 'not-needed'; note: string }
  /** No equivalent on that ABI: a profile for it cannot let the call succeed. */
  | { kind: 'lossy'; note: string };

const byFrom = new Map<string, CrossAbiRow>();
const byReverse = new Map<string, CrossAbiRow[]>();
for (const row of CROSS_ABI_ROWS) {
  for (const name of row.from) {
    if (byFrom.has(name)) throw new InternalError(`cross-ABI table: ${name} is in two rows`);
    byFrom.set(name, row);
  }
  for (const name of row.reverse ?? []) byReverse.set(name, [...(byReverse.get(name) ?? []), row]);
}

const exists = (abi: SeccompArch, name: string): boolean => syscallNumber(abi, name) !== undefined;

/** The first choice of `row` that applies on `abi` and whose calls all exist there. */
export function chooseOn(row: CrossAbiRow, abi: SeccompArch): CrossAbiChoice | undefined {
  return row.to.find((c) => (c.on === undefined || c.on.includes(abi)) && c.names.every((n) => exists(abi, n)));
}

/** Legacy calls a target's libc would issue for what `name` on `from` may have been (mkdirat → mkdir). */
function reverseNames(name: string, from: SeccompArch, to: SeccompArch): string[] {
  return (byReverse.get(name) ?? [])
    .map((row) => row.from[0]!)
    .filter((legacyName) => !exists(from, legacyName) && exists(to, legacyName));
}

/**
 * What `name`, observed on `from`, must be on `to` for the same program built for `to`: the
 * calls that ABI's C library issues for the same operation (open → openat on aarch64), nothing
 * where the operation needs no syscall there (arch_prctl's TLS setup on aarch64), or lossy when
 * that ABI has no equivalent (iopl on aarch64). Identity when both ABIs are the same.
 */
export function translateSyscall(name: string, from: SeccompArch, to: SeccompArch): Translation {
  if (from === to) return { kind: 'same', names: [name] };
  const base = baseTranslation(name, to);
  if (base.kind === 'lossy' || base.kind === 'not-needed') return base;
  const extra = reverseNames(name, from, to).filter((n) => !base.names.includes(n));
  if (extra.length === 0) return base;
  const notes = [...(base.kind === 'mapped' ? [base.note] : []), ...(byReverse.get(name) ?? []).map((r) => r.note)];
  return { kind: 'mapped', names: [...base.names, ...extra], note: notes.join('; ') };
}

function baseTranslation(name: string, to: SeccompArch): Translation {
  const row = byFrom.get(name);
  if (row === undefined)
    return exists(to, name)
      ? { kind: 'same', names: [name] }
      : { kind: 'lossy', note: `${name} does not exist there and the table has no equivalent` };
  const choice = chooseOn(row, to);
  if (choice === undefined) return { kind: 'lossy', note: row.note };
  if (choice.names.length === 0) return { kind: 'not-needed', note: row.note };
  if (choice.names.length === 1 && choice.names[0] === name) return { kind: 'same', names: [name] };
  return { kind: 'mapped', names: [...choice.names], note: row.note };
}
