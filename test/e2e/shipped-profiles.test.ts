import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/profile/load.js';
import { repoRoot } from '../helpers/cli.js';

describe('shipped profiles in the built package', () => {
  it('loads docker-default by name from the built dist/ exactly as from src/', async () => {
    const fromSrc = await loadProfile('docker-default');
    expect(fromSrc.text).toBe(readFileSync(join(repoRoot, 'profiles', 'docker-default.json'), 'utf8'));
    const built = (await import(pathToFileURL(join(repoRoot, 'dist', 'profile', 'load.js')).href)) as {
      loadProfile: typeof loadProfile;
    };
    expect((await built.loadProfile('docker-default')).profile).toEqual(fromSrc.profile);
  });
});
