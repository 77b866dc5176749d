import { isMap, isScalar, parseDocument, stringify, type Node, type Pair, type YAMLMap } from 'yaml';
import { InputError } from '../errors.js';
import type { SandboxEntry } from './compose.js';

/** Comment lines seccompose writes start with this, so a re-run replaces them instead of adding more. */
const COMMENT_MARK = '# seccompose:';

interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Edit the user's compose file in place: in each service, replace (or add) exactly the keys
 * seccompose sets, each with its evidence comment, and remove the ones it no longer sets
 * (see `outdated`). Everything else, comments, order, anchors
 * and formatting, is kept byte for byte: the edits are spliced into the original text at the
 * positions the `yaml` Document API reports, never re-serialized.
 */
export function editComposeInPlace(
  text: string,
  source: string,
  services: ReadonlyMap<string, SandboxEntry[]>,
): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new InputError(`${source}: not valid YAML: ${doc.errors[0]!.message}`);
  const root = doc.get('services', true);
  if (!isMap(root) || root.flow)
    throw new InputError(`${source}: services: must be a block mapping to be edited in place`);
  const edits: Edit[] = [];
  for (const [name, entries] of services) edits.push(...serviceEdits(text, source, root, name, entries));
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  const check = parseDocument(out);
  if (check.errors.length > 0)
    throw new InputError(`${source}: the edited file would not parse (${check.errors[0]!.message})`, {
      hint: 'use -o to write an override file instead',
    });
  return out;
}

function serviceEdits(
  text: string,
  source: string,
  root: YAMLMap,
  name: string,
  entries: readonly SandboxEntry[],
): Edit[] {
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === name);
  const map = pair?.value;
  if (!pair || !isMap(map))
    throw new InputError(`${source}: no service ${name} (or it is not a mapping)`, {
      hint: 'generate --into edits the compose file the observations were recorded from',
    });
  if (map.flow || map.items.length === 0)
    throw new InputError(
      `${source}: services.${name} is written in flow style ({...}); --into edits block mappings only`,
      { hint: 'use -o to write an override file instead' },
    );
  if (map.anchor)
    throw new InputError(
      `${source}: services.${name} is an anchor (&${map.anchor}) other services may merge; editing it would change them too`,
      { hint: 'use -o to write an override file instead' },
    );
  const indent = columnOf(text, (map.items[0]!.key as Node).range![0]);
  const edits: Edit[] = [];
  const missing: SandboxEntry[] = [];
  for (const entry of entries) {
    const existing = map.items.find((p) => isScalar(p.key) && p.key.value === entry.key) as
      | Pair<Node, Node>
      | undefined;
    if (!existing) {
      missing.push(entry);
      continue;
    }
    edits.push({
      start: ourCommentsAbove(text, lineStart(text, existing.key.range![0])),
      end: lineEnd(text, valueEnd(existing)),
      text: render(entry, indent),
    });
  }
  const setting = new Set<string>(entries.map((e) => e.key));
  for (const pair of map.items as Pair<Node, Node>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (setting.has(key) || !outdated(text, key, pair)) continue;
    const start = lineStart(text, pair.key.range![0]);
    edits.push({ start: ourCommentsAbove(text, start), end: lineEnd(text, valueEnd(pair)), text: '' });
  }
  if (missing.length > 0) {
    const last = map.items[map.items.length - 1] as Pair<Node, Node>;
    const at = lineEnd(text, valueEnd(last));
    edits.push({ start: at, end: at, text: missing.map((e) => render(e, indent)).join('') });
  }
  return edits;
}

/** The keys seccompose sets (sandboxEntries); the ones a re-run does not set may be outdated. */
const SANDBOX_KEYS = new Set(['security_opt', 'cap_drop', 'cap_add', 'read_only', 'tmpfs', 'user']);

/**
 * A key of the service that the new evidence no longer supports, removed by a re-run: a cap_add
 * (whoever wrote it: the evidence needs no capability, so it only widens the sandbox), and any
 * other sandbox key seccompose wrote itself (its comment above it) from older evidence. Keys the
 * user wrote by hand (read_only, tmpfs, user, ...: stricter settings) stay.
 */
function outdated(text: string, key: string, pair: Pair<Node, Node>): boolean {
  if (key === 'cap_add') return true;
  if (!SANDBOX_KEYS.has(key)) return false;
  const start = lineStart(text, pair.key.range![0]);
  return ourCommentsAbove(text, start) < start;
}

function valueEnd(pair: Pair<Node, Node>): number {
  return (pair.value?.range ?? pair.key.range!)[1];
}

function render(entry: SandboxEntry, indent: number): string {
  const pad = ' '.repeat(indent);
  const comments = entry.comment.split('\n').map((line) => `${pad}${COMMENT_MARK}${line.replace(/^ /, ' ')}\n`);
  const body = stringify({ [entry.key]: entry.value }, { lineWidth: 0 })
    .split('\n')
    .filter(Boolean)
    .map((line) => `${pad}${line}\n`);
  return [...comments, ...body].join('');
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the newline ending the line that holds `offset - 1` (the node's last character). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', Math.max(offset - 1, 0));
  return nl === -1 ? text.length : nl + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Move `start` up over comment lines seccompose wrote before (a re-run replaces them). */
function ourCommentsAbove(text: string, start: number): number {
  let at = start;
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    if (!text.slice(prev, at).trimStart().startsWith(COMMENT_MARK)) break;
    at = prev;
  }
  return at;
}
