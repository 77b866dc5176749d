import { PROFILE_FIELDS } from '../../model/profile.js';
import type { Node } from 'jsonc-parser';
import type { LintRule } from '../context.js';
import type { Report } from '../finding.js';
import { foldKey } from '../../profile/go-json.js';
import { didYouMean } from '../did-you-mean.js';
import { joinPointer, nodeAtPointer } from '../source.js';
import { ruleMeta } from '../rule-catalog.js';

const TOP: string[] = [...PROFILE_FIELDS];
const RULE = ['names', 'name', 'action', 'errnoRet', 'args', 'includes', 'excludes', 'comment'];
const ARG = ['index', 'value', 'valueTwo', 'op'];
const FILTER = ['caps', 'arches', 'minKernel'];
const ARCH_MAP = ['architecture', 'subArchitectures'];

/** containers/common (Podman, CRI-O) fields that Docker ignores. */
const PODMAN_EXTENSIONS: Readonly<Record<string, string>> = {
  defaultErrno: 'the symbolic twin of defaultErrnoRet',
  errno: 'the symbolic twin of errnoRet',
};

/** Fields Docker's decoder does not know: typos, or extensions of other runtimes. */
export const unknownField: LintRule = {
  meta: ruleMeta('unknown-field'),
  check({ source }) {
    const root = source.root;
    const reports: Report[] = [];
    check(root, '', TOP, reports);
    for (const [i, rule] of children(nodeAtPointer(root, '/syscalls'))) {
      const base = joinPointer('syscalls', i);
      check(rule, base, RULE, reports);
      for (const [j, arg] of children(nodeAtPointer(rule, '/args'))) check(arg, `${base}/args/${j}`, ARG, reports);
      for (const key of ['includes', 'excludes'])
        check(nodeAtPointer(rule, `/${key}`), `${base}/${key}`, FILTER, reports);
    }
    for (const [i, entry] of children(nodeAtPointer(root, '/archMap')))
      check(entry, joinPointer('archMap', i), ARCH_MAP, reports);
    return reports;
  },
};

function children(node: Node | undefined): [number, Node][] {
  return node?.type === 'array' ? (node.children ?? []).map((c, i) => [i, c]) : [];
}

function check(node: Node | undefined, pointer: string, known: string[], reports: Report[]): void {
  if (node?.type !== 'object') return;
  for (const prop of node.children ?? []) {
    const key = prop.children?.[0];
    // A key in another case is a field to Docker (duplicate-key reports the spelling).
    if (typeof key?.value !== 'string' || known.some((field) => foldKey(field) === foldKey(key.value))) continue;
    reports.push(describe(key.value, `${pointer}${joinPointer(key.value)}`, known, key.offset));
  }
}

function describe(key: string, pointer: string, known: string[], offset: number): Report {
  const podman = Object.hasOwn(PODMAN_EXTENSIONS, key) ? PODMAN_EXTENSIONS[key] : undefined;
  if (podman !== undefined) {
    return {
      severity: 'warning',
      message: `"${key}" is a Podman/containers-common extension (${podman}); Docker ignores it`,
      pointer,
      hint: `keep the numeric ${key === 'errno' ? 'errnoRet' : 'defaultErrnoRet'} in step with it if the profile is also used with Docker`,
      offset,
    };
  }
  return {
    severity: 'warning',
    message: `unknown field "${key}": Docker ignores it`,
    pointer,
    hint: `remove it or fix the spelling; known fields here: ${known.join(', ')}.${didYouMean(key, known)}`,
    offset,
  };
}
