import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findCycle,
  findFolderCycle,
  type ImpurityRules,
  importGraph,
  impurityChains,
  purityViolations,
} from '../helpers/architecture.js';
import { repoRoot } from '../helpers/cli.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'architecture');

/**
 * Impure: file, process, network and log I/O; and the layers that run things (a pure module
 * that imports one of them depends on running code, whatever the one file it imports does).
 */
const RULES: ImpurityRules = {
  packages: /^(node:fs|node:fs\/promises|node:child_process|node:net|node:dgram|node:http|node:https|execa|pino)$/,
  files: /^(cli|exec|engine|record|trace|verify|workload)\/|^log\.ts$/,
};

/** The pipeline's pure stages (STYLE.md §1): they compute; they neither read, spawn nor log. */
const PURE_FOLDERS = ['model', 'observation', 'profile', 'generate', 'merge', 'diff', 'lint'];

/** The modules of those folders that read their input, each on purpose, and so are impure. */
const READERS = [
  'model/read-observation.ts', // an observation file or stdin
  'profile/load.ts', // a profile: docker-default (shipped), a path, or stdin
  'diff/compare.ts', // loads both inputs (profiles, observations, compose files), then diffs them
];

describe('architecture (STYLE.md §1, §5)', () => {
  const graph = importGraph(join(repoRoot, 'src'));

  it('reads the whole source tree', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('cli/main.ts')?.local).toContain('cli/commands/index.ts');
    for (const folder of PURE_FOLDERS) expect([...graph.keys()].some((f) => f.startsWith(`${folder}/`))).toBe(true);
  });

  it('has no import cycles between files', () => {
    expect(findCycle(new Map([...graph].map(([file, { local }]) => [file, local])))).toBeUndefined();
  });

  it('has no import cycles between folders', () => {
    expect(findFolderCycle(graph)).toBeUndefined();
  });

  it('starts processes only from src/exec (the one module that imports execa)', () => {
    const offenders = [...graph].filter(
      ([file, { specifiers }]) =>
        !file.startsWith('exec/') && specifiers.some((s) => s === 'execa' || s === 'node:child_process'),
    );
    expect(offenders.map(([file]) => file)).toEqual([]);
  });

  it(`keeps ${PURE_FOLDERS.join(', ')} pure, also through what they import; only the listed readers read`, () => {
    expect(purityViolations(graph, RULES, { folders: PURE_FOLDERS, readers: READERS })).toEqual([]);
  });

  it('knows why each reader is impure: it reads files, through io/read-input.ts', () => {
    const chains = impurityChains(graph, RULES);
    expect(chains.get('diff/compare.ts')).toEqual([
      'diff/compare.ts',
      'sandbox/introduced-by.ts',
      'model/read-observation.ts',
      'io/read-input.ts',
      'io/open-input.ts',
      'node:fs',
    ]);
    expect(chains.get('profile/resolve.ts')).toBeUndefined();
  });
});

describe('the architecture checks on trees that break them (test/fixtures/architecture)', () => {
  it('find a cycle between folders that no file-level cycle shows', () => {
    const graph = importGraph(join(fixtures, 'folder-cycle'));
    expect(findCycle(new Map([...graph].map(([file, { local }]) => [file, local])))).toBeUndefined();
    expect(findFolderCycle(graph)).toEqual(['a', 'b', 'a']);
  });

  it('find a pure module that reads files two imports away, and one that imports the CLI layer', () => {
    const graph = importGraph(join(fixtures, 'impure-chain'));
    expect(purityViolations(graph, RULES, { folders: ['model', 'profile'], readers: [] })).toEqual([
      'model/flag-user.ts → cli/flags.ts',
      'model/pure.ts → profile/helper.ts → io/read.ts → node:fs',
      'profile/helper.ts → io/read.ts → node:fs',
    ]);
  });

  it('accept a listed reader, and report a listed reader that is pure or missing', () => {
    const graph = importGraph(join(fixtures, 'impure-chain'));
    const readers = ['model/pure.ts', 'profile/helper.ts', 'model/flag-user.ts', 'model/clean.ts', 'model/gone.ts'];
    expect(purityViolations(graph, RULES, { folders: ['model', 'profile'], readers })).toEqual([
      'model/clean.ts is listed as a reader but is pure',
      'model/gone.ts is listed as a reader but does not exist',
    ]);
  });
});
