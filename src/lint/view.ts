import type { Node } from 'jsonc-parser';
import { NUMERIC_ACTIONS, type SeccompAction } from '../model/profile.js';
import { foldKey } from '../profile/go-json.js';
import { joinPointer } from './source.js';

/** A string value and where it is. */
export interface Located<T = string> {
  value: T;
  pointer: string;
}

/** One argument comparison as written; fields that are missing or ill-typed are undefined. */
export interface ArgView {
  pointer: string;
  index: number | undefined;
  /** uint64 values read exactly from the source text (JSON numbers above 2^53 lose precision in JS). */
  value: bigint | undefined;
  valueTwo: bigint | undefined;
  op: string | undefined;
}

/** includes/excludes as written. */
export interface FilterView {
  pointer: string;
  caps: Located[];
  arches: Located[];
  minKernel: Located | undefined;
}

/** One syscall rule as written, read leniently: lint reports what it can even in a broken profile. */
export interface RuleView {
  pointer: string;
  /** `names` entries, or the legacy singular `name`. */
  names: Located[];
  hasName: boolean;
  hasNames: boolean;
  action: Located<SeccompAction> | undefined;
  errnoRet: Located<number> | undefined;
  args: ArgView[];
  includes: FilterView | undefined;
  excludes: FilterView | undefined;
}

/** archMap entry as written. */
export interface ArchMapView {
  pointer: string;
  architecture: Located | undefined;
  subArchitectures: Located[];
}

/** The whole profile as written, with a pointer for everything lint may point at. */
export interface ProfileView {
  isObject: boolean;
  defaultAction: Located<SeccompAction> | undefined;
  defaultErrnoRet: Located<number> | undefined;
  architectures: Located[] | undefined;
  archMap: ArchMapView[] | undefined;
  listenerPath: Located | undefined;
  listenerMetadata: Located | undefined;
  syscalls: RuleView[];
}

/** Build the lenient view of a parsed profile; never throws, whatever the tree holds. */
export function viewProfile(root: Node | undefined, text: string): ProfileView {
  const reader = new TreeReader(text);
  const top = reader.props(root);
  return {
    isObject: root?.type === 'object',
    defaultAction: reader.action(top.get('defaultAction'), '/defaultAction'),
    defaultErrnoRet: reader.uint(top.get('defaultErrnoRet'), '/defaultErrnoRet'),
    architectures: top.has('architectures') ? reader.strings(top.get('architectures'), '/architectures') : undefined,
    archMap: top.has('archMap')
      ? reader.items(top.get('archMap')).map((n, i) => reader.archMapEntry(n, joinPointer('archMap', i)))
      : undefined,
    listenerPath: reader.string(top.get('listenerPath'), '/listenerPath'),
    listenerMetadata: reader.string(top.get('listenerMetadata'), '/listenerMetadata'),
    syscalls: reader.items(top.get('syscalls')).map((n, i) => reader.rule(n, joinPointer('syscalls', i))),
  };
}

/** Map a written action (name or libseccomp number) to its name; ERRNO/TRACE numbers carry data in the low 16 bits. */
export function actionOf(value: unknown): SeccompAction | undefined {
  if (typeof value === 'string')
    return NUMERIC_ACTIONS.some(([, a]) => a === value) ? (value as SeccompAction) : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return undefined;
  const exact = NUMERIC_ACTIONS.find(([n]) => n === value);
  if (exact) return exact[1];
  const high = value - (value % 0x10000);
  const withData = NUMERIC_ACTIONS.find(([n, a]) => n === high && (a === 'SCMP_ACT_ERRNO' || a === 'SCMP_ACT_TRACE'));
  return withData?.[1];
}

/** An object's members keyed as dockerd matches them: case-insensitively, the last matching key wins. */
class FoldedProps {
  private readonly map = new Map<string, Node>();
  constructor(node: Node | undefined) {
    if (node?.type !== 'object') return;
    for (const prop of node.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (key && value && typeof key.value === 'string') this.map.set(foldKey(key.value), value);
    }
  }
  get(field: string): Node | undefined {
    return this.map.get(foldKey(field));
  }
  has(field: string): boolean {
    return this.map.has(foldKey(field));
  }
}

class TreeReader {
  constructor(private readonly text: string) {}

  props(node: Node | undefined): FoldedProps {
    return new FoldedProps(node);
  }

  items(node: Node | undefined): Node[] {
    return node?.type === 'array' ? (node.children ?? []) : [];
  }

  string(node: Node | undefined, pointer: string): Located | undefined {
    return node?.type === 'string' ? { value: String(node.value), pointer } : undefined;
  }

  strings(node: Node | undefined, pointer: string): Located[] {
    return this.items(node).flatMap((n, i) => this.string(n, `${pointer}/${i}`) ?? []);
  }

  uint(node: Node | undefined, pointer: string): Located<number> | undefined {
    const v = node?.type === 'number' ? node.value : undefined;
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? { value: v, pointer } : undefined;
  }

  bigint(node: Node | undefined): bigint | undefined {
    if (node?.type !== 'number') return undefined;
    const raw = this.text.slice(node.offset, node.offset + node.length);
    return /^\d+$/.test(raw) ? BigInt(raw) : undefined;
  }

  action(node: Node | undefined, pointer: string): Located<SeccompAction> | undefined {
    const action = actionOf(node?.value);
    return action === undefined ? undefined : { value: action, pointer };
  }

  rule(node: Node, pointer: string): RuleView {
    const p = this.props(node);
    const names = this.strings(p.get('names'), `${pointer}/names`);
    const single = this.string(p.get('name'), `${pointer}/name`);
    return {
      pointer,
      names: single && !p.has('names') ? [single] : names,
      hasName: p.has('name'),
      hasNames: p.has('names'),
      action: this.action(p.get('action'), `${pointer}/action`),
      errnoRet: this.uint(p.get('errnoRet'), `${pointer}/errnoRet`),
      args: this.items(p.get('args')).map((n, i) => this.arg(n, `${pointer}/args/${i}`)),
      includes: p.has('includes') ? this.filter(p.get('includes'), `${pointer}/includes`) : undefined,
      excludes: p.has('excludes') ? this.filter(p.get('excludes'), `${pointer}/excludes`) : undefined,
    };
  }

  arg(node: Node, pointer: string): ArgView {
    const p = this.props(node);
    return {
      pointer,
      index: this.uint(p.get('index'), '')?.value,
      value: this.bigint(p.get('value')),
      valueTwo: this.bigint(p.get('valueTwo')),
      op: this.string(p.get('op'), '')?.value,
    };
  }

  filter(node: Node | undefined, pointer: string): FilterView {
    const p = this.props(node);
    return {
      pointer,
      caps: this.strings(p.get('caps'), `${pointer}/caps`),
      arches: this.strings(p.get('arches'), `${pointer}/arches`),
      minKernel: this.string(p.get('minKernel'), `${pointer}/minKernel`),
    };
  }

  archMapEntry(node: Node, pointer: string): ArchMapView {
    const p = this.props(node);
    return {
      pointer,
      architecture: this.string(p.get('architecture'), `${pointer}/architecture`),
      subArchitectures: this.strings(p.get('subArchitectures'), `${pointer}/subArchitectures`),
    };
  }
}
