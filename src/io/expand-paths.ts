import { stat } from 'node:fs/promises';
import { isDynamicPattern, glob } from 'tinyglobby';
import { InputError } from '../errors.js';

/** Directories a directory or glob argument never descends into. */
const SKIPPED_DIRS = ['**/node_modules/**', '**/.git/**'];

/** One argument after expansion: the files it named, and whether they came from a directory or glob. */
export interface ExpandedPath {
  path: string;
  /** True when a directory or glob produced it (config ignores apply); false when named as is. */
  expanded: boolean;
}

/**
 * Expand command-line inputs: an existing directory → every `*.<ext>` file below it; a glob
 * (`profiles/**\/*.json`, quoted so the shell leaves it) → its matches; anything else (a file,
 * `-`, a shipped profile name) as is. Sorted per argument, duplicates kept once. A directory or
 * glob matching nothing is an InputError: a CI job linting an empty set would pass silently.
 */
export async function expandPaths(
  args: readonly string[],
  ext: string,
  keep: (p: string) => boolean,
): Promise<ExpandedPath[]> {
  const seen = new Set<string>();
  const out: ExpandedPath[] = [];
  const add = (path: string, expanded: boolean): void => {
    if (seen.has(path)) return;
    seen.add(path);
    out.push({ path, expanded });
  };
  for (const arg of args) {
    const kind = await kindOf(arg);
    if (kind === 'other') {
      add(arg, false);
      continue;
    }
    const pattern = kind === 'dir' ? `${arg.replace(/\/+$/, '')}/**/*.${ext}` : arg;
    const found = (await glob(pattern, { ignore: SKIPPED_DIRS, onlyFiles: true, expandDirectories: false })).sort();
    const kept = found.filter(keep);
    if (kept.length === 0) {
      const what = kind === 'dir' ? `directory ${arg} has no *.${ext} file below it` : `no file matches ${arg}`;
      const ignored = found.length > 0 ? ` (${found.length} matched but the config's lint.ignore excludes them)` : '';
      throw new InputError(`${what}${ignored}`, {
        hint: "check the path; quote globs ('profiles/**/*.json') so seccompose expands them, not the shell",
      });
    }
    for (const path of kept) add(path, true);
  }
  return out;
}

async function kindOf(arg: string): Promise<'dir' | 'glob' | 'other'> {
  if (arg === '-') return 'other';
  try {
    return (await stat(arg)).isDirectory() ? 'dir' : 'other';
  } catch {
    return isDynamicPattern(arg) ? 'glob' : 'other';
  }
}
