#!/usr/bin/env node
// postinstall: on `npm install -g`, copy the generated bash and zsh completion into PREFIX/share
// (bash-completion and zsh look there by default). A local install does nothing; a failure is
// a warning, never a failed install.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const prefix = process.env.npm_config_prefix;
const files = ['share/bash-completion/completions/seccompose', 'share/zsh/site-functions/_seccompose'];
if (process.env.npm_config_global === 'true' && prefix) {
  for (const file of files) {
    const from = join(root, 'dist', file);
    const to = join(prefix, file);
    try {
      if (!existsSync(from)) throw new Error(`${from} is missing (the package was not built)`);
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(from, to);
    } catch (error) {
      process.stderr.write(`seccompose: shell completion not installed at ${to}: ${error.message}\n`);
    }
  }
}
