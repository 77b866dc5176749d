import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { foldKey } from '../profile/go-json.js';
import { findExcessiveNesting } from '../profile/json-text.js';
import { MAX_NESTING } from '../profile/nesting-limit.js';

export { MAX_NESTING };

/** Invalid-JSON errors reported per file; the rest are counted in one summary finding. */
export const MAX_SYNTAX_ERRORS = 20;

/** A position-aware parse of one profile text: the syntax tree plus offset → line:column. */
export interface ParsedSource {
  text: string;
  root: Node | undefined;
  syntaxErrors: ParseError[];
  /** Offset of the first bracket past MAX_NESTING, when the text nests too deep to parse. */
  tooDeepAt: number | undefined;
  lineStarts: number[];
}

/** Parse `text` strictly as JSON (no comments, no trailing commas); never throws. */
export function parseSource(text: string): ParsedSource {
  const lineStarts = computeLineStarts(text);
  const tooDeepAt = findExcessiveNesting(text, MAX_NESTING);
  if (tooDeepAt !== undefined) return { text, root: undefined, syntaxErrors: [], tooDeepAt, lineStarts };
  const syntaxErrors: ParseError[] = [];
  const root = parseTree(text, syntaxErrors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  return { text, root, syntaxErrors, tooDeepAt, lineStarts };
}

/** A readable name for a jsonc-parser error code ("CommaExpected" → "comma expected"). */
export function describeSyntaxError(error: ParseError): string {
  return printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** 1-based line and column (UTF-16 code units, as editors and SARIF count) of `offset`. */
export function positionOf(source: ParsedSource, offset: number): { line: number; column: number } {
  const starts = source.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/**
 * The node a JSON pointer names: in an object, the last key that matches the segment the way Go's
 * decoder matches struct fields (case-insensitively), since that is the one dockerd keeps.
 */
export function nodeAtPointer(
  root: Node | undefined,
  pointer: string,
  at: 'key' | 'value' = 'value',
): Node | undefined {
  let node = root;
  let property: Node | undefined;
  for (const segment of splitPointer(pointer)) {
    if (node === undefined) return undefined;
    if (node.type === 'object') {
      const folded = foldKey(segment);
      property = [...(node.children ?? [])]
        .reverse()
        .find((p) => typeof p.children?.[0]?.value === 'string' && foldKey(p.children[0].value) === folded);
      node = property?.children?.[1];
    } else if (node.type === 'array' && /^\d+$/.test(segment)) {
      property = undefined;
      node = node.children?.[Number(segment)];
    } else {
      return node;
    }
  }
  if (at === 'key' && property?.children?.[0]) return property.children[0];
  return node;
}

/** Split an RFC 6901 pointer into unescaped segments ("" → []). */
export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Build an RFC 6901 pointer from segments. */
export function joinPointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}
