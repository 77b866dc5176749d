import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';

const dir = mkdtempSync(join(tmpdir(), 'robust-smaller-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('smaller failures', () => {
  it('a docker run option the daemon refuses (--name a;b) exits 2, not 3', (ctx) => {
    requireComponents(ctx, 'engine');
    const r = runCli([
      'record',
      '-o',
      join(dir, 'o.json'),
      '--',
      'docker',
      'run',
      '--name',
      'robust-a;b',
      'seccompose/busybox:1',
      'true',
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('Invalid container name');
  });

  it('diff shows identical conditions once and wraps long lines', () => {
    const arg = '{"index":0,"value":1,"op":"SCMP_CMP_EQ"}';
    const rules = Array.from(
      { length: 3 },
      () => `{"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[${arg}]}`,
    );
    const many = Array.from(
      { length: 60 },
      (_, i) =>
        `{"names":["ioctl"],"action":"SCMP_ACT_ALLOW","args":[{"index":1,"value":${i + 100},"op":"SCMP_CMP_EQ"}]}`,
    );
    const path = join(dir, 'conditions.json');
    writeFileSync(path, `{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[${[...rules, ...many].join(',')}]}`);
    writeFileSync(join(dir, 'empty.json'), '{"defaultAction":"SCMP_ACT_ERRNO"}');
    const r = runCli(['diff', join(dir, 'empty.json'), path]);
    expect(r.stdout).toContain('  + personality: ALLOW if arg0 == 1  [high risk]\n');
    expect(r.stdout).not.toContain('arg0 == 1 || arg0 == 1');
    const treatment = r.stdout.split('\n').filter((line) => line.startsWith('  '));
    for (const line of treatment) expect(line.length).toBeLessThanOrEqual(100);
    expect(r.stdout).toContain('arg1 == 159');
  });
});
