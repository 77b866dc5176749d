import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';

const dir = mkdtempSync(join(tmpdir(), 'robust-terminal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('untrusted text reaching the terminal is escaped', () => {
  it('lint messages: an OSC title sequence and CR in a key', () => {
    const path = join(dir, 'esc.json');
    writeFileSync(path, '{"defaultAction":"SCMP_ACT_ERRNO","\\u001b]0;pwned\\u0007\\r":1}');
    const r = runCli(['lint', path]);
    expect(r.stdout).toContain('\\u001b]0;pwned\\u0007\\u000d');
    expect(RAW_CONTROL.test(r.stdout)).toBe(false);
  });

  it('record summary: a crafted trace line in the "left out" sample', () => {
    const r = runCli(['record', '--from-strace', '-', '-o', join(dir, 'o.json')], {
      input: 'garbage \u001b]0;pwned\u0007 \u009b2J\n1 read(3, "x", 1) = 1\n',
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('garbage \\u001b]0;pwned\\u0007 \\u009b2J');
    expect(RAW_CONTROL.test(r.stderr)).toBe(false);
  });

  it('error messages: a path with ESC', () => {
    const r = runCli(['lint', `${dir}/\u001b[2Jmissing.json`]);
    expect(r.code).toBe(2);
    expect(RAW_CONTROL.test(r.stderr)).toBe(false);
  });

  it('a hint with an image name for copy-paste is shell-quoted', (ctx) => {
    requireComponents(ctx, 'engine');
    const marker = join(dir, 'injected');
    const r = runCli(['record', '-o', join(dir, 'x.json'), '--', 'docker', 'run', `robust-$(touch ${marker})`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`docker build -t 'robust-$(touch ${marker})' .`);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('--help | head', () => {
  it('exits quietly when the reader goes away (EPIPE)', async () => {
    const bin = fileURLToPath(new URL('../../bin/seccompose', import.meta.url));
    const child = spawn(bin, ['lint', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
