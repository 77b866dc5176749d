import { parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { decodeProfileTree, type GoDecoded } from './go-json.js';
import { MAX_NESTING } from './nesting-limit.js';

/** The outcome of parsing JSON text: the value, or a message and the character offset of the error. */
export type JsonTextResult = { ok: true; value: unknown } | { ok: false; message: string; offset: number };

/** Strict JSON (no comments, no trailing commas, no byte order mark, as dockerd). Never throws. */
function parseJsonText(text: string): JsonTextResult {
  if (text.charCodeAt(0) === 0xfeff) {
    return {
      ok: false,
      message: 'the file starts with a UTF-8 byte order mark, which Docker refuses; save it without a BOM',
      offset: 0,
    };
  }
  try {
    // JSON.parse is iterative in V8, so deep nesting cannot exhaust the stack here.
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, ...describeSyntaxError(text, error) };
  }
}

/** Strict JSON decoded as dockerd decodes a profile (see go-json.ts); never throws. */
export function parseProfileJson(
  text: string,
): ({ ok: true } & GoDecoded) | { ok: false; message: string; offset: number } {
  const json = parseJsonText(text);
  if (!json.ok) return json;
  const tooDeep = findExcessiveNesting(text, MAX_NESTING);
  if (tooDeep !== undefined) {
    return {
      ok: false,
      message: `JSON nested more than ${MAX_NESTING} levels deep: not a seccomp profile`,
      offset: tooDeep,
    };
  }
  const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  if (root === undefined) return { ok: false, message: 'the input is empty', offset: 0 };
  return { ok: true, ...decodeProfileTree(root, text) };
}

/** Offset of the first `[`/`{` nested deeper than `max` (strings skipped), or undefined. Linear, no recursion. */
export function findExcessiveNesting(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) return i;
    } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** Locate a syntax error with jsonc-parser (whose offsets are exact), falling back to V8's message. */
function describeSyntaxError(text: string, error: unknown): { message: string; offset: number } {
  const fallback = error instanceof Error ? error.message : 'not valid JSON';
  if (text.trim() === '') return { message: 'the input is empty', offset: 0 };
  try {
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (first !== undefined) return { message: describeCode(first.error), offset: first.offset };
  } catch {
    // jsonc-parser recurses per nesting level; fall through to V8's position.
  }
  const position = /at position (\d+)/.exec(fallback)?.[1];
  return { message: fallback, offset: position === undefined ? 0 : Number(position) };
}

function describeCode(code: ParseError['error']): string {
  const name = printParseErrorCode(code);
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
