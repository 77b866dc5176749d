import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/profile/load.js';
import { repoRoot } from '../helpers/cli.js';

const elsewhere = mkdtempSync(join(tmpdir(), 'seccompose-shipped-'));
afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

describe('shipped profiles in the built package', () => {
  it('loads docker-default by name in the built CLI, from any directory, exactly as the file in profiles/', async () => {
    const file = join(repoRoot, 'profiles', 'docker-default.json');
    expect((await loadProfile('docker-default')).text).toBe(readFileSync(file, 'utf8'));
    const r = spawnSync(join(repoRoot, 'bin/seccompose'), ['diff', 'docker-default', file, '--json'], {
      cwd: elsewhere,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const diff = JSON.parse(r.stdout) as { added: unknown[]; removed: unknown[]; changed: unknown[] };
    expect([diff.added, diff.removed, diff.changed]).toEqual([[], [], []]);
  });
});
