#!/usr/bin/env node
// After `tsc`: generate the manual page and the bash/zsh completion from the built CLI's own
// command definitions (`seccompose completion man|bash|zsh`) into dist/share, where package.json's
// "man" field and scripts/install-completion.mjs find them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = {
  man: 'dist/share/man/man1/seccompose.1',
  bash: 'dist/share/bash-completion/completions/seccompose',
  zsh: 'dist/share/zsh/site-functions/_seccompose',
};
for (const [target, relative] of Object.entries(outputs)) {
  const text = execFileSync(process.execPath, [join(root, 'bin/seccompose'), 'completion', target], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  const path = join(root, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
