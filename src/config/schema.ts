import * as z from 'zod';
import { RULE_SETTINGS } from '../lint/settings.js';

/** The name seccompose looks for, upward from the working directory. */
export const CONFIG_FILE_NAME = '.seccompose.yaml';

const ruleSettingSchema = z.enum(RULE_SETTINGS);

const globs = z.array(z.string().min(1)).min(1);
const ruleSettings = z.record(z.string(), ruleSettingSchema);

/** `lint:` in `.seccompose.yaml`. Globs are relative to the config file's directory. */
const lintConfigSchema = z.strictObject({
  /** Files a directory or glob argument expands to but that are never linted. */
  ignore: z.array(z.string().min(1)).default([]),
  /** Rule id → severity or off, for every file. */
  rules: ruleSettings.default({}),
  /** Later entries win over earlier ones and over `rules`, for the files they match. */
  overrides: z.array(z.strictObject({ files: globs, rules: ruleSettings })).default([]),
});

/** The whole file. Unknown keys are errors: a misspelt key would otherwise do nothing. */
export const configSchema = z.strictObject({
  lint: lintConfigSchema.default({ ignore: [], rules: {}, overrides: [] }),
});
export type ConfigData = z.infer<typeof configSchema>;

/** A loaded config: its data and the directory its globs are relative to (`path` is undefined for none). */
export interface Config {
  path: string | undefined;
  dir: string;
  data: ConfigData;
}
