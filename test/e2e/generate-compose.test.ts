import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { observationsDir } from '../unit/generate/fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'seccompose-generate-compose-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An observation of compose service `service` (the nginx fixture, re-labelled). */
function serviceObservation(dir: string, service: string): string {
  const o = JSON.parse(readFileSync(join(observationsDir, 'nginx-ebpf.json'), 'utf8'));
  o.workload.compose = { project: 'p', files: ['/c.yaml'], service, replica: 1, user: '' };
  const file = join(dir, `${service}.obs.json`);
  writeFileSync(file, JSON.stringify(o));
  return file;
}

describe('generate -f (compose projects, built CLI)', () => {
  it('two outputs are all-or-nothing: when the fragment cannot be written, the profile is not left behind', () => {
    const profile = join(root, 'web.json');
    const r = runCli([
      'generate',
      join(observationsDir, 'http-server.json'),
      '-o',
      profile,
      '--compose',
      join(root, 'missing-dir', 'compose.seccomp.yaml'),
      '--service',
      'web',
    ]);
    expect(r.code).toBe(2);
    expect(existsSync(profile)).toBe(false);
  });

  it.each([['a b'], ['web\nx'], ['']])('--service %j (not a compose service name) is exit 2', (service) => {
    const r = runCli([
      'generate',
      join(observationsDir, 'http-server.json'),
      '-o',
      join(root, 'x.json'),
      '--compose',
      join(root, 'x.yaml'),
      '--service',
      service,
    ]);
    expect(r.code).toBe(2);
  });

  it('one override for the project, absolute paths with $ escaped; a re-run for one service leaves the others byte for byte', () => {
    const dir = mkdtempSync(join(root, 'shop$HOME-'));
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  web:\n    image: nginx\n    security_opt: ["apparmor=web"]\n  db:\n    image: db\n',
    );
    const override = join(dir, 'compose.seccomp.yaml');
    const both = runCli([
      'generate',
      serviceObservation(dir, 'web'),
      serviceObservation(dir, 'db'),
      '-f',
      join(dir, 'compose.yaml'),
      '-o',
      override,
    ]);
    expect(both.code, both.stderr).toBe(0);
    const first = readFileSync(override, 'utf8');
    expect(first).toContain(`seccomp=${join(dir, 'seccomp', 'web.json').split('$').join('$$')}`);
    expect(first).toContain('- apparmor=web');
    const db = (t: string) => t.slice(t.indexOf('\n  db:\n'), t.indexOf('\n  web:\n'));
    const again = runCli([
      'generate',
      serviceObservation(dir, 'web'),
      '-f',
      join(dir, 'compose.yaml'),
      '-o',
      override,
      '--harden',
    ]);
    expect(again.code, again.stderr).toBe(0);
    const second = readFileSync(override, 'utf8');
    expect(db(second)).toBe(db(first));
    expect(second).not.toBe(first);
  });

  it('refuses an observation of a service the compose file does not have', () => {
    const dir = mkdtempSync(join(root, 'other-'));
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n');
    const r = runCli([
      'generate',
      serviceObservation(dir, 'api'),
      '-f',
      join(dir, 'compose.yaml'),
      '-o',
      join(dir, 'o.yaml'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/service api .* do not match a service/);
    expect(existsSync(join(dir, 'o.yaml'))).toBe(false);
  });
});
