import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

/** Every source file under src/ with the relative imports it makes (resolved to files). */
function importGraph(): Map<string, { specifiers: string[]; local: string[] }> {
  const src = join(repoRoot, 'src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const graph = new Map<string, { specifiers: string[]; local: string[] }>();
  for (const file of files) {
    const text = readFileSync(join(src, file), 'utf8');
    const specifiers = [
      ...text.matchAll(
        /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g,
      ),
    ].map((m) => (m[1] ?? m[2] ?? m[3])!);
    const local = specifiers
      .filter((s) => s.startsWith('.'))
      .map((s) => relative(src, resolve(dirname(join(src, file)), s.replace(/\.js$/, '.ts'))));
    graph.set(file, { specifiers, local });
  }
  return graph;
}

function findCycle(graph: Map<string, { local: string[] }>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node)?.local ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('architecture (STYLE.md §1, §5)', () => {
  const graph = importGraph();

  it('reads the whole source tree', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('cli/main.ts')?.local).toContain('cli/commands/index.ts');
  });

  it('has no import cycles', () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it('starts processes only from src/exec (the one module that imports execa)', () => {
    const offenders = [...graph].filter(
      ([file, { specifiers }]) =>
        !file.startsWith('exec/') && specifiers.some((s) => s === 'execa' || s === 'node:child_process'),
    );
    expect(offenders.map(([file]) => file)).toEqual([]);
  });

  it('keeps model/, observation/ and profile/ pure: no processes, engine, logging or writes', () => {
    const impure =
      /(^|\/)(exec|engine|record|trace|verify|cli)\/|(^|\/)log\.ts$|emit\/write\.ts$|^node:child_process$|^pino$/;
    const pure = /^(model|observation|profile)\//;
    // The two readers: load a profile (docker-default, path, stdin) and an observation file.
    const readers = new Set(['profile/load.ts', 'model/read-observation.ts']);
    const offenders = [...graph]
      .filter(([file]) => pure.test(file) && !readers.has(file))
      .flatMap(([file, { specifiers, local }]) =>
        [...local, ...specifiers.filter((s) => !s.startsWith('.'))]
          .filter((s) => impure.test(s) || s === 'node:fs' || s === 'node:fs/promises')
          .map((s) => `${file} → ${s}`),
      );
    expect(offenders).toEqual([]);
  });
});
