/**
 * Render seccompose's baseline `profiles/docker-default.json` from Docker's default seccomp profile
 * (moby/profiles seccomp/default.json) and record where it came from in
 * `profiles/docker-default.meta.json`. Usage: `npm run gen:baseline [-- <default.json>]`
 * (default input: test/fixtures/reference/docker-default.json).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeProfile } from '../src/emit/profile-json.js';
import { stableJson } from '../src/model/stable-order.js';
import { parseProfile } from '../src/profile/read.js';

/** What the pinned input is: moby/profiles seccomp v0.2.3, as vendored by Docker Engine 29.4.3–29.7.2. */
export const DOCKER_BASELINE_SOURCE = {
  repository: 'https://github.com/moby/profiles',
  path: 'seccomp/default.json',
  tag: 'seccomp/v0.2.3',
  gitBlob: 'ea5a494afb8d64898fa0f4f47ae0c4f5ba9cbbc9',
} as const;

/** Provenance written beside the profile (moby's format has no top-level comment field). */
export interface BaselineMeta {
  source: typeof DOCKER_BASELINE_SOURCE;
  mobyProfilesVersion: string;
  dockerVersions: string;
  inputSha256: string;
  generator: string;
}

/** Git's blob id of a file's bytes, to check the input is the pinned upstream file. */
function gitBlobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Render the baseline profile and its provenance from the upstream file's bytes. */
export function renderDockerBaseline(bytes: Buffer): { profile: string; meta: string } {
  const blob = gitBlobId(bytes);
  if (blob !== DOCKER_BASELINE_SOURCE.gitBlob) {
    throw new Error(
      `input is git blob ${blob}, not moby/profiles ${DOCKER_BASELINE_SOURCE.tag} (${DOCKER_BASELINE_SOURCE.gitBlob}); update DOCKER_BASELINE_SOURCE when moving to a new release`,
    );
  }
  const profile = serializeProfile(parseProfile(bytes.toString('utf8'), DOCKER_BASELINE_SOURCE.path));
  const meta: BaselineMeta = {
    source: DOCKER_BASELINE_SOURCE,
    mobyProfilesVersion: 'v0.2.3',
    dockerVersions: '29.4.3-29.7.2',
    inputSha256: createHash('sha256').update(bytes).digest('hex'),
    generator: 'scripts/gen-docker-baseline.ts',
  };
  return { profile, meta: stableJson(meta) };
}

/** Read the upstream file and write docker-default.json + docker-default.meta.json into `outDir`. */
export function generateDockerBaseline(inputPath: string, outDir: string): void {
  const { profile, meta } = renderDockerBaseline(readFileSync(inputPath));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'docker-default.json'), profile);
  writeFileSync(join(outDir, 'docker-default.meta.json'), meta);
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const input = process.argv[2] ?? join(root, 'test', 'fixtures', 'reference', 'docker-default.json');
  generateDockerBaseline(input, join(root, 'profiles'));
  process.stdout.write(`wrote profiles/docker-default.json and docker-default.meta.json from ${input}\n`);
}
