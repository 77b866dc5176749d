/**
 * Diff of two large real profiles (Docker's default vs containers-common/Podman's), 1,000 times:
 * per-diff time for the whole pipeline (normalize, resolve both, diff, attack-surface summary) and
 * for the diff alone, against a reference measured in the same run: JSON.parse of both texts.
 * Then two large synthetic profiles: eight argument-filtered rules for every syscall name of every ABI.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { summarizeAgainst } from '../src/diff/attack-surface.js';
import { defaultResolveContext } from '../src/profile/context.js';
import { diffPolicies } from '../src/diff/diff.js';
import { allSyscallNames } from '../src/kernel/syscalls.js';
import { parseProfile } from '../src/profile/read.js';
import { resolveProfile } from '../src/profile/resolve.js';
import type { BenchRow } from './types.js';

const ITERATIONS = 1_000;
const LARGE_ITERATIONS = 20;
const RULES_PER_NAME = 8;

function anchorText(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../test/fixtures/reference/${name}`, import.meta.url)), 'utf8');
}

function perIteration(run: () => void, iterations = ITERATIONS): number {
  for (let i = 0; i < Math.min(50, iterations); i += 1) run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) run();
  return Number(process.hrtime.bigint() - start) / 1e6 / iterations;
}

/** A large profile text: RULES_PER_NAME argument-filtered ALLOW rules per known name (`shift` varies them). */
function largeProfileText(shift: number): string {
  const syscalls = allSyscallNames()
    .filter((_, i) => (i + shift) % 7 !== 0)
    .flatMap((name, i) =>
      Array.from({ length: RULES_PER_NAME }, (_, k) => ({
        names: [name],
        action: 'SCMP_ACT_ALLOW',
        args: [{ index: k % 6, value: (i + k + shift) % 9, op: 'SCMP_CMP_EQ' }],
      })),
    );
  const architectures = ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'];
  return JSON.stringify({ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1, architectures, syscalls }, null, 2);
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
  const [largeOld, largeNew] = [largeProfileText(0), largeProfileText(3)];
  const large = perIteration(() => {
    const a = resolveProfile(parseProfile(largeOld, 'old'), context);
    const b = resolveProfile(parseProfile(largeNew, 'new'), context);
    diffPolicies(a, b);
    summarizeAgainst(a, b);
  }, LARGE_ITERATIONS);
  const largeRules = parseProfile(largeOld, 'old').syscalls.length;
  const largeNote = `two synthetic profiles of ${largeRules} rules (${(largeOld.length / 1e6).toFixed(1)} MB each), ${LARGE_ITERATIONS} iterations`;
  const note = `docker-default (${docker.syscalls.length} rules) vs containers-common (${podman.syscalls.length} rules), ${ITERATIONS} iterations`;
  return [
    { name: 'diff: parse + resolve + diff + summary', value: pipeline, unit: 'ms/diff', note },
    { name: 'diff: resolve + diff', value: diffOnly, unit: 'ms/diff', note },
    { name: 'reference: JSON.parse of both profiles', value: reference, unit: 'ms', note: 'same run' },
    { name: 'diff (resolve + diff) vs JSON.parse', value: diffOnly / reference, unit: 'x' },
    {
      name: 'diff of large profiles: parse + resolve + diff + summary',
      value: large,
      unit: 'ms/diff',
      note: largeNote,
    },
  ];
}
