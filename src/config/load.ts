import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { InputError, messageOf } from '../errors.js';
import { readInput } from '../io/read-input.js';
import { ALL_RULES } from '../lint/registry.js';
import { suggest } from '../lint/did-you-mean.js';
import { CONFIG_FILE_NAME, configSchema, type Config, type ConfigData } from './schema.js';

const EXAMPLE = `e.g.\n  lint:\n    rules:\n      syscall-not-on-arch: off\n    overrides:\n      - files: ["debug/*.json"]\n        rules:\n          high-risk-syscall: info`;

/**
 * The config to use: `explicit` (--config) when given, else the nearest `.seccompose.yaml` in
 * `cwd` or a directory above it, else an empty config rooted at `cwd`.
 */
export async function loadConfig(explicit: string | undefined, cwd = process.cwd()): Promise<Config> {
  const path = explicit === undefined ? await findConfig(cwd) : resolve(cwd, explicit);
  if (path === undefined) return { path: undefined, dir: cwd, data: configSchema.parse({}) };
  return { path, dir: dirname(path), data: parseConfig(await readInput(path), path) };
}

/** The nearest `.seccompose.yaml` from `start` up to the filesystem root. */
export async function findConfig(start: string): Promise<string | undefined> {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (await exists(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Parse and check config text: YAML, the schema, and every rule id against the registry. */
export function parseConfig(text: string, path: string): ConfigData {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new InputError(`config ${path}: not valid YAML: ${messageOf(error)}`, { hint: EXAMPLE, cause: error });
  }
  const parsed = configSchema.safeParse(doc ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length === 0 ? '' : `${issue.path.map(String).join('.')}: `;
    throw new InputError(`config ${path}: ${where}${issue.message}`, { hint: EXAMPLE });
  }
  const { rules, overrides } = parsed.data.lint;
  checkRuleIds(Object.keys(rules), `config ${path}: lint.rules`);
  overrides.forEach((o, i) => {
    checkRuleIds(Object.keys(o.rules), `config ${path}: lint.overrides.${i}.rules`);
  });
  return parsed.data;
}

/** Every id must name a lint rule; a misspelt one would silently do nothing. */
export function checkRuleIds(ids: readonly string[], where: string): void {
  const known = ALL_RULES.map((r) => r.id);
  for (const id of ids) {
    if (known.includes(id)) continue;
    const near = suggest(id, known);
    throw new InputError(`${where}: unknown rule ${JSON.stringify(id)}`, {
      hint: near.length > 0 ? `did you mean ${near.join(' or ')}?` : 'see `seccompose lint --help` for the rule ids',
    });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
