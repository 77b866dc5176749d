import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILE_VALIDATOR_TYPES, renderProfileValidator } from '../../../scripts/gen-validator.js';
import { validate } from '../../../src/lint/generated/profile-validator.js';
import { repoRoot } from '../../helpers/cli.js';

describe('the profile validator compiled ahead (src/lint/generated)', () => {
  it('is what scripts/gen-validator.ts writes from the schema today (npm run gen:validator)', () => {
    const generated = join(repoRoot, 'src/lint/generated');
    expect(readFileSync(join(generated, 'profile-validator.js'), 'utf8')).toBe(renderProfileValidator());
    expect(readFileSync(join(generated, 'profile-validator.d.ts'), 'utf8')).toBe(PROFILE_VALIDATOR_TYPES);
  });

  it('reports every error with the rule and the data (allErrors, verbose), as lint reads them', () => {
    expect(validate({ defaultAction: 'SCMP_ACT_ALLOW' })).toBe(true);
    expect(validate({ defaultAction: 'SCMP_ACT_NOPE', syscalls: [{ names: 'read' }] })).toBe(false);
    const errors = validate.errors ?? [];
    expect(errors.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(
      expect.arrayContaining(['/defaultAction enum', '/defaultAction anyOf', '/syscalls/0/names type']),
    );
    expect(errors.find((e) => e.keyword === 'enum')?.data).toBe('SCMP_ACT_NOPE');
  });
});
