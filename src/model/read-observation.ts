import { InputError } from '../errors.js';
import { readInput } from '../io/read-input.js';
import { parseJsonExact } from './exact-json.js';
import { OBSERVATION_KIND, observationSchema, type Observation } from './observation.js';

/** Parse and validate observation JSON text; errors name the source, the field and what to do. */
export function parseObservation(text: string, source: string): Observation {
  let data: unknown;
  try {
    data = parseJsonExact(text);
  } catch (error) {
    throw new InputError(`read observation ${source}: invalid JSON (${(error as Error).message})`, {
      hint: 'pass a file written by `seccompose record -o`',
      cause: error,
    });
  }
  const header = data as { kind?: unknown; version?: unknown } | null;
  if (header === null || typeof header !== 'object' || header.kind !== OBSERVATION_KIND) {
    throw new InputError(
      `read observation ${source}: not a seccompose observation (expected "kind": "${OBSERVATION_KIND}")`,
      {
        hint: 'pass a file written by `seccompose record -o`; profiles go to `lint`/`diff`, not `generate`',
      },
    );
  }
  if (typeof header.version !== 'string' || !/^1\.\d+$/.test(header.version)) {
    throw new InputError(
      `read observation ${source}: version ${JSON.stringify(header.version)} is not supported (this seccompose reads 1.x)`,
      { hint: 'upgrade seccompose, or record the observation again with this version' },
    );
  }
  const parsed = observationSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const pointer = `/${issue.path.map(String).join('/')}`;
    throw new InputError(`read observation ${source}: ${pointer}: ${issue.message}`, {
      hint: 'the file was edited or truncated; record it again',
    });
  }
  return parsed.data;
}

/** Read an observation file (or `-` for stdin). */
export async function readObservation(path: string): Promise<Observation> {
  return parseObservation(await readInput(path), path);
}
