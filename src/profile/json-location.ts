import { parseTree, type Node } from 'jsonc-parser';
import { foldKey } from './go-json.js';

/** A 1-based position in a text file. */
export interface TextPosition {
  line: number;
  column: number;
}

/** RFC 6901 JSON pointer for a path of keys and indexes ('' for the document itself). */
export function toJsonPointer(path: ReadonlyArray<string | number | symbol>): string {
  return path.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** The keys and indexes of a JSON pointer ('/syscalls/0/names' → ['syscalls', 0, 'names']). */
export function parseJsonPointer(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^(0|[1-9]\d*)$/.test(part) ? Number(part) : part));
}

/** The 1-based line and column (in UTF-16 code units) of a character offset in `text`. */
export function offsetToPosition(text: string, offset: number): TextPosition {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

function parseTreeSafely(text: string): Node | undefined {
  try {
    return parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  } catch {
    // jsonc-parser recurses per nesting level; absurdly deep documents exhaust the stack.
    return undefined;
  }
}

/** The offset of the value at `pointer`, or of its nearest existing ancestor (0 if none). */
function offsetOf(tree: Node | undefined, pointer: string): number {
  if (tree === undefined) return 0;
  const path = parseJsonPointer(pointer);
  for (let length = path.length; length >= 0; length -= 1) {
    const node = findNode(tree, path.slice(0, length));
    if (node !== undefined) {
      // Point at the property key rather than its value when the pointer names an object member.
      const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return key?.offset ?? node.offset;
    }
  }
  return tree.offset;
}

/** The node at `path`, matching object keys as dockerd does (case-insensitively, the last one wins). */
function findNode(tree: Node, path: ReadonlyArray<string | number>): Node | undefined {
  let node: Node | undefined = tree;
  for (const part of path) {
    if (node?.type === 'array' && typeof part === 'number') node = node.children?.[part];
    else if (node?.type === 'object') {
      const folded = foldKey(String(part));
      const property = node.children?.findLast((p) => foldKey(String(p.children?.[0]?.value)) === folded);
      node = property?.children?.[1];
    } else return undefined;
  }
  return node;
}

/** A function that locates JSON pointers in `text`, parsing it once (for many findings per file). */
export function createLocator(text: string): (pointer: string) => TextPosition {
  const tree = parseTreeSafely(text);
  return (pointer) => offsetToPosition(text, offsetOf(tree, pointer));
}

/** Line and column of the value a JSON pointer names in `text` (its nearest existing ancestor if absent). */
export function locate(text: string, pointer: string): TextPosition {
  return createLocator(text)(pointer);
}
