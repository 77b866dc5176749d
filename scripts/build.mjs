#!/usr/bin/env node
// Build dist/: type-check the source, bundle the CLI, then generate its manual page and shell
// completion. One script for `npm run build`, the `prepare` lifecycle and the tests' global setup.
//
// The CLI is bundled (esbuild, ESM, split at each command's dynamic import) rather than run as
// tsc's ~200 separate modules: Node then reads and compiles a few files instead of ~90 per start
// (`seccompose record --from-strace` starts in ~0.08 s instead of ~0.13 s). Every chunk sits at
// the top of dist/, one level below the package root, as src/package-files.ts expects.
// dist/meta.json says which source files each chunk holds (test/e2e/startup.test.ts reads it).
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

try {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
} catch {
  process.stderr.write('build: the type check above failed; nothing was built\n');
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', 'strace-segment-worker': 'src/trace/strace/strace-segment-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // jsonc-parser's "main" is a UMD build that requires its files at run time; its "module" is plain ESM.
  mainFields: ['module', 'main'],
  target: 'node20',
  // Without white space, comments and redundant syntax (names are kept, so traces stay readable):
  // main.js went from 167 to 95 KB, and every start reads and compiles it (3-4 ms less, measured).
  minifyWhitespace: true,
  minifySyntax: true,
  // pino starts its transports from files of its own package: it stays a package, loaded on first log.
  external: ['pino'],
  // The bundled CommonJS packages (commander and others) call require() for Node's own modules.
  banner: { js: "import { createRequire as __seccomposeRequire } from 'node:module';\nconst require = __seccomposeRequire(import.meta.url);" },
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(join(dist, 'meta.json'), `${JSON.stringify(metafile, null, 1)}\n`);

const docs = {
  man: 'dist/share/man/man1/seccompose.1',
  bash: 'dist/share/bash-completion/completions/seccompose',
  zsh: 'dist/share/zsh/site-functions/_seccompose',
};
// Run by the Node that runs the build, not bin/seccompose's `node` from PATH: npm's scripts may run
// with no node on PATH (npm puts only the .bin directories there), or with another one first.
for (const [target, relative] of Object.entries(docs)) {
  const text = execFileSync(process.execPath, [join(dist, 'main.js'), 'completion', target], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  const path = join(root, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
