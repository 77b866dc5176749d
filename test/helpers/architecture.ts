import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** One source file: every module it imports, and the files of the tree among them. */
export interface ModuleImports {
  specifiers: string[];
  /** Relative imports resolved to files of the tree (`profile/load.ts`). */
  local: string[];
}

/** Files of the tree (relative to `root`, `/`-separated) with what each imports. */
export type ImportGraph = Map<string, ModuleImports>;

const IMPORT =
  /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g;

/** Read every .ts file below `root` and the imports it makes. */
export function importGraph(root: string): ImportGraph {
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split(sep).join('/'))
    .sort();
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const specifiers = [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2] ?? m[3])!);
    const local = specifiers
      .filter((s) => s.startsWith('.'))
      .map((s) =>
        relative(root, resolve(dirname(join(root, file)), s.replace(/\.js$/, '.ts')))
          .split(sep)
          .join('/'),
      );
    graph.set(file, { specifiers, local });
  }
  return graph;
}

/** The folder a file belongs to (`profile/load.ts` → `profile`); a top-level file is its own (`errors.ts`). */
export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? file : file.slice(0, slash);
}

/** The first import cycle between folders (`['diff', 'profile', 'diff']`), or undefined. */
export function findFolderCycle(graph: ImportGraph): string[] | undefined {
  const edges = new Map<string, Set<string>>();
  for (const [file, { local }] of graph) {
    const from = folderOf(file);
    const targets = edges.get(from) ?? new Set<string>();
    for (const target of local.map(folderOf)) if (target !== from) targets.add(target);
    edges.set(from, targets);
  }
  return findCycle(new Map([...edges].map(([k, v]) => [k, [...v].sort()])));
}

/** The first cycle in a directed graph given as adjacency lists, closed (`[a, b, a]`), or undefined. */
export function findCycle(edges: Map<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...edges.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

/** What makes a module impure by itself: a package or built-in it imports, or a file of the tree. */
export interface ImpurityRules {
  /** Packages and built-ins that do I/O, spawn or log (`node:fs`, `execa`, `pino`). */
  packages: RegExp;
  /** Files of the tree that are impure whatever they import (`log.ts`, `exec/`, `engine/`). */
  files: RegExp;
}

/**
 * Why each impure module is impure: its own import (`node:fs`) or the chain through which it
 * reaches one (`profile/load.ts → io/read-input.ts → node:fs`). Pure modules are absent.
 */
export function impurityChains(graph: ImportGraph, rules: ImpurityRules): Map<string, string[]> {
  const chains = new Map<string, string[] | null>();
  const chainOf = (file: string): string[] | null => {
    const known = chains.get(file);
    if (known !== undefined) return known;
    chains.set(file, null); // in progress: a cycle adds nothing
    let chain: string[] | null = null;
    if (rules.files.test(file)) chain = [file];
    const own = graph.get(file)?.specifiers.find((s) => !s.startsWith('.') && rules.packages.test(s));
    if (!chain && own) chain = [file, own];
    for (const next of graph.get(file)?.local ?? []) {
      if (chain) break;
      const further = chainOf(next);
      if (further) chain = [file, ...further];
    }
    chains.set(file, chain);
    return chain;
  };
  for (const file of graph.keys()) chainOf(file);
  return new Map([...chains].filter((entry): entry is [string, string[]] => entry[1] !== null));
}

/**
 * Modules of the pure folders that are impure, directly or through what they import, other than
 * the readers named as such; and readers that are pure after all (a stale list). Each finding is a line.
 */
export function purityViolations(
  graph: ImportGraph,
  rules: ImpurityRules,
  pure: { folders: readonly string[]; readers: readonly string[] },
): string[] {
  const chains = impurityChains(graph, rules);
  const findings: string[] = [];
  for (const file of graph.keys()) {
    if (!pure.folders.includes(folderOf(file))) continue;
    const chain = chains.get(file);
    const reader = pure.readers.includes(file);
    if (chain && !reader) findings.push(`${chain.join(' → ')}`);
    if (!chain && reader) findings.push(`${file} is listed as a reader but is pure`);
  }
  for (const reader of pure.readers)
    if (!graph.has(reader)) findings.push(`${reader} is listed as a reader but does not exist`);
  return findings;
}
