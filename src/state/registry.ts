import { mkdirSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { EnvironmentError, messageOf } from '../errors.js';
import { isOwnerAlive, ownTag } from './owner.js';

/*
 * The machine-wide things a seccompose process creates outside its own memory, written down
 * before they exist (one JSON file per process in the state directory) and crossed off once
 * removed. After a SIGKILL the file stays: `seccompose cleanup` and the start-up warning of
 * record/verify find it through its owner tag, whose process is gone. Containers are tagged
 * with a label too (see owner.ts).
 */

const resourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('audit-rules'),
    key: z.string().regex(/^seccompose-[0-9a-f]+$/),
    arches: z.array(z.string()),
  }),
  z.object({ kind: z.literal('tracer'), pid: z.number().int().positive(), start: z.string(), command: z.string() }),
  z.object({ kind: z.literal('temp-dir'), path: z.string() }),
  /** A compose project by name: its containers, networks and volumes carry compose's project label. */
  z.object({ kind: z.literal('compose-project'), name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/) }),
]);
/** One thing to remove if its owner dies: audit rules by key, a tracer process, a temp dir, a compose project. */
export type Resource = z.infer<typeof resourceSchema>;

const entrySchema = z.object({ owner: z.string(), command: z.string(), resources: z.array(resourceSchema) });
/** One process's file in the state directory. */
export type StateEntry = z.infer<typeof entrySchema> & { file: string };

/** Root keeps the state in /run (cleared at boot, like the things it lists); others in their tmpdir. */
export function stateDir(): string {
  return (
    process.env.SECCOMPOSE_STATE_DIR ??
    (process.getuid?.() === 0 ? '/run/seccompose' : join(tmpdir(), `seccompose-state-${process.getuid?.() ?? 0}`))
  );
}

const held: Resource[] = [];
let writing: Promise<void> = Promise.resolve();

function ownFile(): string {
  return join(stateDir(), `${ownTag().replace(':', '-')}.json`);
}

/** Rewrite this process's entry (or remove it when nothing is held); writes are serialized. */
function persist(): Promise<void> {
  // A failed write fails its caller only; the next write starts afresh.
  writing = writing.catch(() => undefined).then(() => writeEntry().catch(unwritable));
  return writing;
}

function unwritable(error: unknown): never {
  throw new EnvironmentError(`cannot write the seccompose state directory ${stateDir()}: ${messageOf(error)}`, {
    hint: 'it records what to clean up after a crash; set SECCOMPOSE_STATE_DIR to a writable directory',
    cause: error,
  });
}

async function writeEntry(): Promise<void> {
  const file = ownFile();
  if (held.length === 0) {
    await rm(file, { force: true });
    return;
  }
  mkdirSync(stateDir(), { recursive: true, mode: 0o700 });
  const entry = { owner: ownTag(), command: process.argv.slice(2).join(' '), resources: held };
  await writeFile(`${file}.tmp`, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

/** Write down a resource before creating it. */
export function holdResource(resource: Resource): Promise<void> {
  held.push(resource);
  return persist();
}

/** Cross a resource off once it is gone (or was never created). */
export function releaseResource(resource: Resource): Promise<void> {
  const index = held.indexOf(resource);
  if (index !== -1) held.splice(index, 1);
  return persist();
}

/** Entries whose owner process is no longer alive (unreadable or foreign files are skipped). */
export async function deadEntries(): Promise<StateEntry[]> {
  const dir = stateDir();
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries: StateEntry[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const file = join(dir, name);
    const parsed = entrySchema.safeParse(await readJson(file));
    if (parsed.success && !isOwnerAlive(parsed.data.owner)) entries.push({ ...parsed.data, file });
  }
  return entries;
}

/** Forget a dead process's entry once everything in it is removed. */
export async function dropEntry(entry: StateEntry): Promise<void> {
  await rm(entry.file, { force: true });
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
