import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A file shipped beside the code (package.json, profiles/, scripts/setup), found from this
 * module's URL: it sits one level below the package root both as source (src/, for vitest and
 * tsx) and built (dist/, where scripts/build.mjs puts every chunk of the bundle at the top).
 */
export function packagePath(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

let version: string | undefined;

/** The package's version, from its package.json (read when first asked). */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  return version;
}
