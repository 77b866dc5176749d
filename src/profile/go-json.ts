import type { Node } from 'jsonc-parser';
import { toUint64Value } from '../model/exact-json.js';

/*
 * dockerd decodes a profile with Go's encoding/json into moby's structs, and that decoder is not
 * JavaScript's JSON.parse: a key matches a struct field case-insensitively (an exact match first;
 * Unicode simple folding, so "ſ" is "s" and the Kelvin sign is "k"), every matching key is decoded
 * in document order into the same field (the last one wins for scalars; objects are decoded into
 * the existing struct, arrays into the existing slice element by element), `null` leaves a
 * non-pointer field as it was, and unknown keys are dropped. This module reproduces that, so that
 * what seccompose reasons about is what Docker runs.
 */

/** How Go decodes into a field: a scalar, a pointer to a scalar, a slice, or a struct. */
type FieldKind =
  | { kind: 'scalar' }
  | { kind: 'pointer' }
  | { kind: 'slice'; of?: StructType }
  | { kind: 'struct'; type: StructType };

/** A Go struct type: its JSON field names (as the struct tags spell them). */
export interface StructType {
  name: string;
  fields: Readonly<Record<string, FieldKind>>;
}

const scalar: FieldKind = { kind: 'scalar' };
const pointer: FieldKind = { kind: 'pointer' };
const slice = (of?: StructType): FieldKind => (of === undefined ? { kind: 'slice' } : { kind: 'slice', of });

const FILTER: StructType = { name: 'filter', fields: { caps: slice(), arches: slice(), minKernel: pointer } };
const ARG: StructType = { name: 'arg', fields: { index: scalar, value: scalar, valueTwo: scalar, op: scalar } };
const RULE: StructType = {
  name: 'rule',
  fields: {
    names: slice(),
    name: scalar,
    action: scalar,
    errnoRet: pointer,
    args: slice(ARG),
    comment: scalar,
    includes: { kind: 'struct', type: FILTER },
    excludes: { kind: 'struct', type: FILTER },
  },
};
const ARCH_MAP: StructType = { name: 'archMap entry', fields: { architecture: scalar, subArchitectures: slice() } };

/** moby's `Seccomp` struct (profiles/seccomp), the document dockerd decodes. */
export const PROFILE_TYPE: StructType = {
  name: 'profile',
  fields: {
    defaultAction: scalar,
    defaultErrnoRet: pointer,
    architectures: slice(),
    archMap: slice(ARCH_MAP),
    flags: slice(),
    listenerPath: scalar,
    listenerMetadata: scalar,
    syscalls: slice(RULE),
  },
};

/** The struct type of the objects at each place in a profile, for readers that walk it themselves. */
export const STRUCT_TYPES = { profile: PROFILE_TYPE, rule: RULE, arg: ARG, filter: FILTER, archMap: ARCH_MAP } as const;

/** Fold a key the way Go's case-insensitive field match does (simple folding; field names are ASCII). */
export function foldKey(key: string): string {
  return key
    .replace(/\u017f/g, 's')
    .replace(/\u212a/g, 'k')
    .toLowerCase();
}

/** The field of `type` that a JSON key decodes into (exact spelling first, then case-insensitive). */
export function fieldFor(type: StructType, key: string): string | undefined {
  if (Object.hasOwn(type.fields, key)) return key;
  const folded = foldKey(key);
  return Object.keys(type.fields).find((field) => foldKey(field) === folded);
}

/** Two keys of one object that Docker decodes into the same field (the later one takes effect). */
export interface KeyCollision {
  /** JSON pointer of the object holding both keys. */
  object: string;
  field: string;
  first: { key: string; offset: number };
  second: { key: string; offset: number };
}

/** A key Docker reads under a field name spelt differently (`DefaultAction` for `defaultAction`). */
export interface KeyVariant {
  object: string;
  field: string;
  key: string;
  offset: number;
}

/** The document as Docker decodes it, plus every key that does not say plainly what Docker does with it. */
export interface GoDecoded {
  value: unknown;
  collisions: KeyCollision[];
  variants: KeyVariant[];
}

/** The decoder's state: what it found so far, and the source text when integers are read from it exactly. */
type Decoding = GoDecoded & { text: string | undefined };

/**
 * Decode a parsed profile tree with Go's encoding/json semantics into moby's profile struct.
 * With `exactIntegers`, integers beyond 2^53 are bigints read from `text`; without, JSON numbers
 * (what a JSON Schema validator takes).
 */
export function decodeProfileTree(root: Node, text: string, exactIntegers = true): GoDecoded {
  const out: Decoding = { value: undefined, collisions: [], variants: [], text: exactIntegers ? text : undefined };
  out.value = decodeStruct(undefined, root, PROFILE_TYPE, '', out);
  return { value: out.value, collisions: out.collisions, variants: out.variants };
}

function decodeStruct(target: unknown, node: Node, type: StructType, pointer: string, out: Decoding): unknown {
  if (node.type === 'null') return target;
  if (node.type !== 'object') return plainValue(node, out.text);
  const record: Record<string, unknown> = isRecord(target) ? target : {};
  const seen = new Map<string, { key: string; offset: number }>();
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined || valueNode === undefined || typeof keyNode.value !== 'string') continue;
    const key = keyNode.value;
    const field = fieldFor(type, key);
    if (field === undefined) continue;
    const here = { key, offset: keyNode.offset };
    const before = seen.get(field);
    if (before !== undefined) out.collisions.push({ object: pointer, field, first: before, second: here });
    else if (key !== field) out.variants.push({ object: pointer, field, key, offset: keyNode.offset });
    seen.set(field, here);
    const kind = type.fields[field]!;
    const decoded = decodeField(record[field], valueNode, kind, `${pointer}/${field}`, out);
    if (decoded === undefined) delete record[field];
    else record[field] = decoded;
  }
  return record;
}

function decodeField(target: unknown, node: Node, kind: FieldKind, pointer: string, out: Decoding): unknown {
  switch (kind.kind) {
    case 'scalar':
      return node.type === 'null' ? target : plainValue(node, out.text);
    case 'pointer':
      return node.type === 'null' ? undefined : plainValue(node, out.text);
    case 'struct':
      return decodeStruct(target, node, kind.type, pointer, out);
    case 'slice':
      return decodeSlice(target, node, kind.of, pointer, out);
  }
}

/** Go decodes an array into the existing slice: element i into element i, then truncates. */
function decodeSlice(target: unknown, node: Node, of: StructType | undefined, pointer: string, out: Decoding) {
  if (node.type === 'null') return undefined;
  if (node.type !== 'array') return plainValue(node, out.text);
  const existing = Array.isArray(target) ? target : [];
  return (node.children ?? []).map((child, i) =>
    of === undefined ? plainValue(child, out.text) : decodeStruct(existing[i], child, of, `${pointer}/${i}`, out),
  );
}

/**
 * A JSON value as plain data; objects get a null prototype so no key can reach Object.prototype,
 * and integers beyond 2^53 are exact bigints (as parseJsonExact reads them: uint64 argument values).
 */
function plainValue(node: Node, text: string | undefined): unknown {
  if (node.type === 'array') return (node.children ?? []).map((child) => plainValue(child, text));
  if (node.type === 'object') {
    const record: Record<string, unknown> = Object.create(null);
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode !== undefined && valueNode !== undefined) record[String(keyNode.value)] = plainValue(valueNode, text);
    }
    return record;
  }
  if (node.type === 'number' && text !== undefined) {
    const raw = text.slice(node.offset, node.offset + node.length);
    return /^-?\d+$/.test(raw) && !Number.isSafeInteger(Number(raw)) ? toUint64Value(BigInt(raw)) : node.value;
  }
  return node.type === 'null' ? null : node.value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
