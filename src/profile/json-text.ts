import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parseJsonExact } from '../model/exact-json.js';

/** The outcome of parsing JSON text: the value, or a message and the character offset of the error. */
export type JsonTextResult = { ok: true; value: unknown } | { ok: false; message: string; offset: number };

/** Strict JSON (no comments, no trailing commas); a leading BOM is tolerated. Never throws. */
export function parseJsonText(text: string): JsonTextResult {
  // Replace (not strip) the BOM so that offsets still match the original text.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  try {
    // JSON.parse is iterative in V8, so deep nesting cannot exhaust the stack here; integers
    // beyond 2^53 (uint64 argument values) are read exactly, as bigints.
    return { ok: true, value: parseJsonExact(source) };
  } catch (error) {
    return { ok: false, ...describeSyntaxError(source, error) };
  }
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
