import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'seccompose-record-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('record refuses its output before it records, not after', () => {
  it('an existing -o file without --force: exit 2 and the workload never ran', () => {
    const out = join(dir, 'taken.obs.json');
    writeFileSync(out, '{}');
    const marker = join(dir, 'ran');
    const r = runCli(['record', '-o', out, '--', 'sh', '-c', `touch ${marker}`]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`output ${out} already exists`);
    expect(existsSync(marker)).toBe(false);
  });

  it('an output that is a directory is refused even with --force, before anything runs', () => {
    const marker = join(dir, 'ran-too');
    const r = runCli(['record', '--force', '-o', dir, '--', 'sh', '-c', `touch ${marker}`]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('is a directory, not a regular file');
    expect(existsSync(marker)).toBe(false);
  });
});
