import { isAbsolute, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { RuleSetting, RuleSettings } from '../lint/settings.js';
import type { Config } from './schema.js';

/**
 * The settings for `file` (a path, or undefined for stdin and shipped profiles, which only
 * get the top-level rules): `lint.rules`, then each matching override in order, then the
 * command line's `--ignore` ids (always off).
 */
export function ruleSettingsFor(config: Config, file: string | undefined, ignored: readonly string[]): RuleSettings {
  const settings: Record<string, RuleSetting> = { ...config.data.lint.rules };
  const rel = file === undefined ? undefined : configRelative(config, file);
  for (const override of config.data.lint.overrides) {
    if (rel !== undefined && matches(override.files, rel)) Object.assign(settings, override.rules);
  }
  for (const id of ignored) settings[id] = 'off';
  return settings;
}

/** Whether `lint.ignore` excludes `file` from what a directory or glob expands to. */
export function isIgnoredFile(config: Config, file: string): boolean {
  const rel = configRelative(config, file);
  return rel !== undefined && matches(config.data.lint.ignore, rel);
}

/** `file` relative to the config's directory with forward slashes; undefined when it lies outside. */
function configRelative(config: Config, file: string): string | undefined {
  const rel = relative(config.dir, resolve(file));
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function matches(globs: readonly string[], rel: string): boolean {
  return picomatch(globs as string[], { dot: true })(rel);
}
