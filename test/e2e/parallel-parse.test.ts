import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordLoads, repoRoot } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'seccompose-parallel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real fixture trace repeated to ~`mib` MiB: large enough for the built CLI to parse it on two threads. */
function repeated(fixture: string, mib: number): string {
  const text = readFileSync(join(repoRoot, 'test/fixtures/strace-6.1', fixture));
  const path = join(dir, `${fixture}.${mib}`);
  const fd = openSync(path, 'w');
  for (let written = 0; written < mib * 1024 * 1024; written += text.length) writeSync(fd, text);
  closeSync(fd);
  return path;
}

/** `record --from-strace` with `threads` parse threads: the observation, and whether a worker thread ran. */
function ingest(trace: string, threads: number): { observation: string; worker: boolean } {
  const out = join(dir, `obs-${threads}.json`);
  const loads = join(dir, `loads-${threads}.txt`);
  const r = spawnSync(
    join(repoRoot, 'bin/seccompose'),
    ['record', '-q', '--force', '--from-strace', trace, '-o', out],
    {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, ...recordLoads(loads), SECCOMPOSE_PARSE_THREADS: String(threads) },
    },
  );
  expect(r.status, r.stderr).toBe(0);
  const worker = readFileSync(loads, 'utf8').includes('/dist/strace-segment-worker.js');
  const observation = readFileSync(out, 'utf8');
  rmSync(loads);
  return { observation, worker };
}

describe('a large trace file is parsed on several threads, with exactly the result of one', () => {
  it('strace -f of two file-heavy processes (unfinished/resumed pairs at every cut): merged from two threads', () => {
    const trace = repeated('f-files.txt', 70);
    const one = ingest(trace, 1);
    const two = ingest(trace, 2);
    expect(one.worker).toBe(false);
    expect(two.worker).toBe(true);
    expect(two.observation).toBe(one.observation);
    expect(JSON.parse(two.observation).syscalls.SCMP_ARCH_X86_64.getdents64.count).toBeGreaterThan(10_000);
  }, 120_000);

  it('a trace whose segments cannot be merged (a 32-bit process recognized by its calls) is read again by one parser', () => {
    const trace = repeated('f.txt', 70);
    const one = ingest(trace, 1);
    const two = ingest(trace, 2);
    expect(two.worker).toBe(true);
    expect(two.observation).toBe(one.observation);
    expect(Object.keys(JSON.parse(two.observation).syscalls)).toEqual(['SCMP_ARCH_X86', 'SCMP_ARCH_X86_64']);
  }, 120_000);
});
