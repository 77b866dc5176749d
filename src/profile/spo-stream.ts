import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { InputError } from '../errors.js';
import { type TextPosition, parseJsonPointer } from './json-location.js';

/** The security-profiles-operator's API group. */
export const SPO_GROUP = 'security-profiles-operator.x-k8s.io';
/** API versions whose SeccompProfile this reader accepts (the CRD serves v1 and v1beta1, same schema). */
export const SPO_READ_VERSIONS: readonly string[] = ['v1', 'v1beta1'];

/** One SeccompProfile object of a Kubernetes YAML/JSON stream, located in its document. */
export interface SpoObject {
  name: string;
  namespace?: string;
  apiVersion: string;
  /** The spec as written (SPO-only fields included). */
  spec: Record<string, unknown>;
  /** 0-based index of the YAML document that holds it. */
  document: number;
  /** Keys from the document root to `spec` (`['spec']`, or `['items', 2, 'spec']` in a List). */
  specPath: (string | number)[];
}

/** Every SeccompProfile in a text, and where a JSON pointer into one's spec is in that text. */
export interface SpoStream {
  objects: SpoObject[];
  /** Other objects of the stream (a ProfileBinding beside the profile), as `Kind/name`: not profiles, not read. */
  skipped: string[];
  /** Line:column of `pointer` (relative to the object's spec), or of its nearest existing ancestor. */
  locate(object: SpoObject, pointer: string): TextPosition;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** True when a parsed document is a Kubernetes object (it has string `apiVersion` and `kind`). */
function isKubernetesObject(value: unknown): value is Json {
  return isObject(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

function parseDocuments(text: string): { documents: Document.Parsed[]; lines: LineCounter } {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  return { documents: Array.isArray(documents) ? documents : [], lines };
}

/**
 * Whether `text` is a Kubernetes object stream rather than a Docker profile: YAML (or JSON) whose
 * first document has `apiVersion` and `kind`. A Docker/moby profile has neither.
 */
export function isKubernetesText(text: string): boolean {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return isKubernetesObject(JSON.parse(text));
    } catch {
      return false;
    }
  }
  if (trimmed.startsWith('[')) return false;
  // A YAML stream (with or without a syntax error) whose top level names apiVersion and kind.
  return /^(apiVersion|kind)\s*:/m.test(text);
}

/** The items of a List, or the object itself, each with its path from the document root. */
function itemsOf(root: Json, where: string): { value: Json; path: (string | number)[]; where: string }[] {
  const kind = root.kind as string;
  if (kind !== 'List' && !kind.endsWith('List')) return [{ value: root, path: [], where }];
  const items = Array.isArray(root.items) ? root.items : [];
  return items.map((item, index) => {
    if (!isKubernetesObject(item))
      throw new InputError(`${where}: items[${index}] is not a Kubernetes object (no apiVersion/kind)`, {
        hint: 'pass the output of `kubectl get seccompprofiles -o yaml` unchanged',
      });
    return { value: item, path: ['items', index], where: `${where} items[${index}]` };
  });
}

/** Objects of the operator's other kinds (ProfileBinding, ProfileRecording, ...) sit beside profiles. */
function isOtherOperatorKind(value: Json): boolean {
  return value.kind !== 'SeccompProfile' && String(value.apiVersion).split('/')[0] === SPO_GROUP;
}

function seccompProfileOf(value: Json, document: number, path: (string | number)[], where: string): SpoObject {
  const [group, version] = String(value.apiVersion).split('/');
  if (value.kind !== 'SeccompProfile' || group !== SPO_GROUP || !SPO_READ_VERSIONS.includes(version ?? '')) {
    throw new InputError(
      `${where}: ${String(value.kind)} ${String(value.apiVersion)} is not a SeccompProfile of ${SPO_GROUP}/${SPO_READ_VERSIONS.join(' or ')}`,
      { hint: 'pass SeccompProfile objects only (kubectl get seccompprofiles -o yaml), or a Docker profile JSON' },
    );
  }
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (name === '')
    throw new InputError(`${where}: the SeccompProfile has no metadata.name`, {
      hint: 'give it a name as `kubectl get` prints it',
    });
  if (!isObject(value.spec))
    throw new InputError(`${where}: SeccompProfile ${name} has no spec object`, {
      hint: 'a SeccompProfile needs spec.defaultAction (see the CRD)',
    });
  return {
    name,
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    apiVersion: String(value.apiVersion),
    spec: value.spec,
    document,
    specPath: [...path, 'spec'],
  };
}

/** Position of a document node: the nearest existing ancestor of `path`. */
function nodeOffset(document: Document.Parsed, path: (string | number)[]): number {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = document.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return node.range[0];
  }
  return document.range[0];
}

/**
 * Read every SeccompProfile in a Kubernetes text: one object, a multi-document stream (`---`), or
 * the `List` wrapper `kubectl get seccompprofiles -o yaml` prints. `source` names the input in errors.
 */
export function parseSpoStream(text: string, source: string): SpoStream {
  const { documents, lines } = parseDocuments(text);
  const objects: SpoObject[] = [];
  const skipped: string[] = [];
  documents.forEach((document, index) => {
    const error = document.errors[0];
    if (error) {
      const { line, col } = lines.linePos(error.pos[0]);
      throw new InputError(`${source}: invalid YAML at ${line}:${col}: ${error.message.split('\n')[0]}`, {
        hint: 'fix the YAML syntax at that position (or pass a Docker profile JSON)',
      });
    }
    const root: unknown = document.toJS();
    if (root === null || root === undefined) return;
    const where = documents.length > 1 ? `${source} document ${index + 1}` : source;
    if (!isKubernetesObject(root))
      throw new InputError(`${where}: not a Kubernetes object (no apiVersion/kind)`, {
        hint: 'a stream may hold only SeccompProfile objects or Lists of them',
      });
    for (const item of itemsOf(root, where)) {
      if (isOtherOperatorKind(item.value)) {
        const metadata = isObject(item.value.metadata) ? item.value.metadata : {};
        skipped.push(`${String(item.value.kind)}/${String(metadata.name ?? '')}`);
      } else objects.push(seccompProfileOf(item.value, index, item.path, item.where));
    }
  });
  if (objects.length === 0)
    throw new InputError(
      `${source}: no SeccompProfile in the stream${skipped.length > 0 ? ` (only ${skipped.join(', ')})` : ''}`,
      { hint: 'kubectl get seccompprofiles -o yaml prints a List; an empty List has nothing to read' },
    );
  return {
    objects,
    skipped,
    locate: (object, pointer) => {
      const document = documents[object.document]!;
      const path = [...object.specPath, ...parseJsonPointer(pointer)];
      const offset = nodeOffset(document, path);
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    },
  };
}
