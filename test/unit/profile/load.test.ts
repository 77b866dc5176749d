import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { withTempDir } from '../../../src/io/temp-dir.js';
import { loadProfile } from '../../../src/profile/load.js';
import { referencePath } from '../../helpers/reference.js';

describe('loadProfile', () => {
  it('loads a profile by path', async () => {
    const { profile, source } = await loadProfile(referencePath('moby-fixture-conditional_include.json'));
    expect(source).toBe(referencePath('moby-fixture-conditional_include.json'));
    expect(profile.syscalls).toHaveLength(3);
  });

  it('names the file when it is missing or invalid', async () => {
    await expect(loadProfile('/nonexistent/profile.json')).rejects.toThrow(
      /cannot read profile \/nonexistent\/profile\.json: no such file/,
    );
    await withTempDir('load-test', async (dir) => {
      const path = join(dir, 'bad.json');
      await writeFile(path, '{"defaultAction": "SCMP_ACT_ERRNO",\n "syscalls": [}');
      const error = await loadProfile(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(new RegExp(`^${path.replaceAll('.', '\\.')}: invalid JSON at 2:15: `));
    });
  });
});
