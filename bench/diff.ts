/**
 * Diff of two large real profiles (Docker's default vs containers-common/Podman's), 1,000 times:
 * per-diff time for the whole pipeline (normalize, resolve both, diff, attack-surface summary) and
 * for the diff alone, against a reference measured in the same run: JSON.parse of both texts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { summarizeAgainst } from '../src/profile/attack-surface.js';
import { defaultResolveContext } from '../src/profile/context.js';
import { diffPolicies } from '../src/profile/diff.js';
import { parseProfile } from '../src/profile/read.js';
import { resolveProfile } from '../src/profile/resolve.js';
import type { BenchRow } from './types.js';

const ITERATIONS = 1_000;

function anchorText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../shared/anchors/${name}`, import.meta.url)), 'utf8');
}

function perIteration(run: () => void): number {
  for (let i = 0; i < 50; i += 1) run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i += 1) run();
  return Number(process.hrtime.bigint() - start) / 1e6 / ITERATIONS;
}

/** Per-diff milliseconds of docker-default vs containers-common, and the ratio to parsing the JSON. */
export async function benchDiff(): Promise<BenchRow[]> {
  const dockerText = anchorText('docker-default.json');
  const podmanText = anchorText('containers-common-seccomp.json');
  const context = defaultResolveContext();
  const docker = parseProfile(dockerText, 'docker-default.json');
  const podman = parseProfile(podmanText, 'containers-common-seccomp.json');
  const reference = perIteration(() => {
    JSON.parse(dockerText);
    JSON.parse(podmanText);
  });
  const pipeline = perIteration(() => {
    const a = resolveProfile(parseProfile(dockerText, 'docker'), context);
    const b = resolveProfile(parseProfile(podmanText, 'podman'), context);
    diffPolicies(a, b);
    summarizeAgainst(a, b);
  });
  const diffOnly = perIteration(() => diffPolicies(resolveProfile(docker, context), resolveProfile(podman, context)));
  const note = `docker-default (${docker.syscalls.length} rules) vs containers-common (${podman.syscalls.length} rules), ${ITERATIONS} iterations`;
  return [
    { name: 'diff: parse + resolve + diff + summary', value: pipeline, unit: 'ms/diff', note },
    { name: 'diff: resolve + diff', value: diffOnly, unit: 'ms/diff', note },
    { name: 'reference: JSON.parse of both profiles', value: reference, unit: 'ms', note: 'same run' },
    { name: 'diff (resolve + diff) vs JSON.parse', value: diffOnly / reference, unit: 'x' },
  ];
}
