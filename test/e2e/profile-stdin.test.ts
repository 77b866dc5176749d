import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { readReference } from '../helpers/reference.js';

describe('profile input from stdin', () => {
  it('reads `-` from stdin (through the built CLI), naming it stdin in errors', () => {
    const ok = runCli(['diff', 'docker-default', '-'], { input: readReference('docker-default.json') });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const bad = runCli(['diff', 'docker-default', '-'], { input: '{"defaultAction": 5}' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('stdin: invalid profile at /defaultAction (1:2): unknown numeric action 5');
    expect(bad.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
