import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readObservation } from '../../src/model/read-observation.js';
import { runCli } from '../helpers/cli.js';
import { requireComponents } from '../helpers/environment.js';

// The fixture shop (proxy → api → cache), brought up by docker-compose 1.29 and then attached to.
const fixture = fileURLToPath(new URL('../fixtures/compose-shop', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'seccompose-attach-compose-'));
/** The directory name is the project name compose picks by default: attach finds it the same way. */
const project = `seccompose-attach-shop-${randomBytes(3).toString('hex')}`;
cpSync(fixture, join(dir, project), { recursive: true });
const compose = join(dir, project, 'compose.yaml');

function dockerCompose(...args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync('docker-compose', ['-f', compose, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stderr: r.stderr };
}

afterAll(() => {
  dockerCompose('down', '--volumes', '--timeout', '2');
  rmSync(dir, { recursive: true, force: true });
});

const EXERCISE =
  'for i in 1 2 3 4 5; do curl -fsS http://127.0.0.1:$SECCOMPOSE_PROXY_PORT_80/ >/dev/null || exit 1; done';

describe('seccompose record -f compose.yaml --attach (docker-compose 1.29, ebpf)', () => {
  it('records every service of the running project while the exercise runs, one observation each, and leaves it up', async (ctx) => {
    requireComponents(ctx, 'engine', 'bpftrace');
    const up = dockerCompose('up', '-d');
    expect(up.code, up.stderr).toBe(0);
    const ids = () =>
      spawnSync('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`]).stdout.toString();
    const before = ids();
    const out = join(dir, 'attached');
    const r = runCli(['record', '-f', compose, '--attach', '-o', out, '--exercise', EXERCISE]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['api.obs.json', 'cache.obs.json', 'proxy.obs.json']);
    for (const service of ['api', 'cache', 'proxy']) {
      const o = await readObservation(join(out, `${service}.obs.json`));
      expect(o.complete, `${service}: ${o.incompleteReasons.join('; ')}`).toBe(true);
      expect(o.workload).toMatchObject({ kind: 'container', compose: { project, service, replica: 1 } });
      expect(o.workload.kind === 'container' && o.workload.attached?.container).toMatch(
        new RegExp(`^${project}_${service}_1$`),
      );
    }
    // deploy.replicas: 2 — the api's two running containers, attached both, in one observation.
    const api = await readObservation(join(out, 'api.obs.json'));
    expect(api.workload.kind === 'container' && api.workload.compose?.containers?.map((c) => c.replica)).toEqual([
      1, 2,
    ]);
    // The proxy served the exercise's requests while attached.
    const proxy = await readObservation(join(out, 'proxy.obs.json'));
    expect(Object.keys(proxy.syscalls.SCMP_ARCH_X86_64 ?? {})).toEqual(
      expect.arrayContaining(['accept4', 'recvfrom', 'writev']),
    );
    expect(ids()).toBe(before);
    const generated = runCli([
      'generate',
      ...['api', 'cache', 'proxy'].map((s) => join(out, `${s}.obs.json`)),
      '-f',
      compose,
      '-o',
      join(dir, 'override.yaml'),
    ]);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stderr).toMatch(/api: .*\n {4}warning: api\.obs\.json was recorded by attaching/);
  }, 240_000);
});
