import type { z } from 'zod';
import { InputError } from '../errors.js';
import { stringifyExact } from '../model/exact-json.js';
import { rawProfileSchema, type SeccompProfile } from '../model/profile.js';
import { createLocator, offsetToPosition, parseJsonPointer, toJsonPointer } from './json-location.js';
import { parseJsonText } from './json-text.js';
import { normalizeCollecting } from './normalize.js';

export { normalizeProfile } from './normalize.js';

/** One thing wrong with a profile document, located by JSON pointer and 1-based line:column. */
export interface ProfileProblem {
  kind: 'invalid-json' | 'schema' | 'semantic';
  message: string;
  pointer: string;
  line: number;
  column: number;
}

/** An InputError that keeps every problem found (lint turns them into findings). */
export class ProfileInputError extends InputError {
  readonly problems: readonly ProfileProblem[];
  constructor(message: string, problems: readonly ProfileProblem[], hint: string) {
    super(message, { hint });
    this.problems = problems;
  }
}

/** At most this many schema problems are reported per document. */
const MAX_PROBLEMS = 20;

function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const key of parseJsonPointer(pointer)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** A short, shallow description of a received value (never recursing into it: it may be very deep). */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  const text = stringifyExact(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function schemaMessage(issue: z.core.$ZodIssue, document: unknown, pointer: string): string {
  const got = describeValue(valueAt(document, pointer));
  if (issue.code === 'invalid_union' && pointer.endsWith('ction')) {
    return `expected an SCMP_ACT_* action name (or libseccomp's numeric form), got ${got}`;
  }
  return `${issue.message.replace(/^Invalid input: /, '')}, got ${got}`;
}

/** Validate and normalize profile JSON text, collecting every problem with its location. */
export function checkProfileText(text: string): { profile?: SeccompProfile; problems: ProfileProblem[] } {
  const json = parseJsonText(text);
  if (!json.ok) {
    const { line, column } = offsetToPosition(text, json.offset);
    return { problems: [{ kind: 'invalid-json', message: json.message, pointer: '', line, column }] };
  }
  const locator = createLocator(text);
  const at = (pointer: string) => locator(pointer);
  const parsed = rawProfileSchema.safeParse(json.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue): ProfileProblem => {
      const pointer = toJsonPointer(issue.path);
      return { kind: 'schema', message: schemaMessage(issue, json.value, pointer), pointer, ...at(pointer) };
    });
    return { problems };
  }
  const { profile, problems } = normalizeCollecting(parsed.data);
  if (problems.length > 0) {
    return { problems: problems.map((p) => ({ kind: 'semantic', ...p, ...at(p.pointer) })) };
  }
  return { profile, problems: [] };
}

/** Parse Docker/moby profile JSON into a normalized SeccompProfile; InputError names source, pointer, line:column. */
export function parseProfile(text: string, source: string): SeccompProfile {
  const { profile, problems } = checkProfileText(text);
  const first = problems[0];
  if (profile !== undefined && first === undefined) return profile;
  if (first === undefined) throw new InputError(`${source}: not a seccomp profile`);
  const where =
    first.pointer === '' ? `${first.line}:${first.column}` : `${first.pointer} (${first.line}:${first.column})`;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  const what = first.kind === 'invalid-json' ? 'invalid JSON' : 'invalid profile';
  const hint =
    first.kind === 'invalid-json'
      ? 'fix the JSON syntax at that position (a Docker/moby seccomp profile is one JSON object)'
      : `run \`seccompose lint ${source === 'stdin' ? '-' : source}\` for every problem with its fix`;
  throw new ProfileInputError(`${source}: ${what} at ${where}: ${first.message}${more}`, problems, hint);
}
