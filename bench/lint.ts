/**
 * Lint benchmark: 1,000 profiles (Docker's default, the Podman default and the other anchors,
 * each varied so no two texts are identical) linted in-process, and the warm time for Docker's
 * default alone. The reference is JSON.parse of the same texts, measured in the same run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintProfileText } from '../src/lint/run.js';
import type { BenchRow } from './types.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const ANCHORS = [
  'docker-default.json',
  'docker-default-profiles-v0.1.0.json',
  'containers-common-seccomp.json',
  'moby-fixture-default-old-format.json',
  'moby-fixture-example.json',
];

/** Vary a profile: drop one name of the first rule and append a unique comment, so each text differs. */
function variants(text: string, count: number): string[] {
  const profile = JSON.parse(text) as { syscalls: { names?: string[]; comment?: string }[] };
  return Array.from({ length: count }, (_, i) => {
    const copy = structuredClone(profile);
    const first = copy.syscalls[0];
    if (first?.names && first.names.length > 1) first.names.splice(i % first.names.length, 1);
    if (first) first.comment = `variant ${i}`;
    return JSON.stringify(copy, null, 2);
  });
}

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** Lint 1,000 profiles and Docker's default warm; report ms per profile. */
export async function benchLint(): Promise<BenchRow[]> {
  const texts = ANCHORS.map((name) => readFileSync(join(root, '..', 'shared', 'anchors', name), 'utf8'));
  const corpus = texts.flatMap((t) => variants(t, 200));
  const bytes = corpus.reduce((n, t) => n + t.length, 0);
  let findings = 0;
  const cold = time(() => lintProfileText(texts[0]!, 'docker-default.json'));
  const all = time(() => {
    for (const text of corpus) findings += lintProfileText(text, 'bench').length;
  });
  const parse = time(() => corpus.forEach((text) => JSON.parse(text)));
  const docker = texts[0]!;
  for (let i = 0; i < 20; i++) lintProfileText(docker, 'warm-up');
  const runs = 200;
  const warm = time(() => {
    for (let i = 0; i < runs; i++) lintProfileText(docker, 'docker-default.json');
  });
  return [
    {
      name: `lint ${corpus.length} profiles (${(bytes / 1e6).toFixed(1)} MB, ${findings} findings)`,
      value: all / corpus.length,
      unit: 'ms/profile',
    },
    { name: 'JSON.parse of the same profiles (reference)', value: parse / corpus.length, unit: 'ms/profile' },
    { name: 'lint vs JSON.parse', value: all / parse, unit: 'x' },
    { name: "lint Docker's default, first call (cold: each rule's first run, the tables)", value: cold, unit: 'ms' },
    { name: "lint Docker's default, warm", value: warm / runs, unit: 'ms', note: `mean of ${runs}` },
  ];
}
