import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../src/errors.js';
import { readComposeSandbox } from '../../../src/verify/compose-input.js';
import { parseReplayTarget, parseVerifyDockerRun, startingCaps } from '../../../src/cli/replay-target.js';

const dir = mkdtempSync(join(tmpdir(), 'seccompose-verify-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PROFILE = join(dir, 'p.json');
writeFileSync(
  PROFILE,
  JSON.stringify({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }] }),
);
const fragment = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const flags = { readyTimeout: '60', grace: '10', exerciseTimeout: '600' };

describe('parseReplayTarget', () => {
  it('takes the first word as the profile and tells containers from host commands', async () => {
    const container = await parseReplayTarget(
      [PROFILE, 'docker', 'run', 'img'],
      { ...flags, capAdd: ['net_bind_service,CHOWN'] },
      'usage',
    );
    expect(container).toMatchObject({
      kind: 'container',
      workload: ['docker', 'run', 'img'],
      capAdd: ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE'],
      capsGiven: true,
    });
    const host = await parseReplayTarget(['unconfined', 'ls', '-l'], flags, 'usage');
    expect(host).toMatchObject({
      kind: 'host',
      workload: ['ls', '-l'],
      capAdd: [],
      capsGiven: false,
      target: { profile: null, label: 'unconfined' },
    });
  });

  it('reads profile and cap_add from a compose fragment, the path relative to the fragment', async () => {
    const file = fragment(
      'c.yaml',
      'services:\n  web:\n    security_opt: ["seccomp=./p.json", "no-new-privileges:true"]\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n',
    );
    const target = await parseReplayTarget(
      ['docker', 'run', 'img'],
      { ...flags, compose: file, service: 'web' },
      'usage',
    );
    expect(target).toMatchObject({
      target: { label: PROFILE },
      capAdd: ['CAP_NET_BIND_SERVICE'],
      workload: ['docker', 'run', 'img'],
      notes: [],
    });
    const named = await parseReplayTarget(
      [PROFILE, 'docker', 'run', 'img'],
      { ...flags, compose: file, service: 'web' },
      'usage',
    );
    expect(named).toMatchObject({ target: { label: PROFILE }, workload: ['docker', 'run', 'img'] });
    const other = await parseReplayTarget(
      [join(dir, 'other.json'), 'docker', 'run', 'img'],
      { ...flags, compose: file, service: 'web' },
      'usage',
    ).catch((e: unknown) => e);
    expect(other).toMatchObject({
      exitCode: ExitCode.usage,
      message: expect.stringMatching(/is not the profile .* configures for web/),
    });
  });

  it.each([
    [[], {}, /no profile/],
    [[PROFILE], {}, /nothing to run/],
    [['docker', 'run', 'x'], { compose: 'c.yaml' }, /go together/],
    [[PROFILE, 'docker', 'run', 'x'], { duration: '0' }, /--duration needs a positive/],
    [[PROFILE, 'docker', 'run', 'x'], { capAdd: ['NOT_A_CAP'] }, /unknown capability "NOT_A_CAP"/],
  ])('rejects %j %j', async (words, extra, message) => {
    const error = await parseReplayTarget(words as string[], { ...flags, ...extra }, 'usage').catch((e: unknown) => e);
    expect(error).toMatchObject({ exitCode: ExitCode.usage, message: expect.stringMatching(message) });
  });

  it("removes the docker run's own capability flags and says so", () => {
    const notes: string[] = [];
    const spec = parseVerifyDockerRun(
      ['docker', 'run', '--cap-add', 'SYS_ADMIN', '-p', '80:80', '--cap-drop=ALL', 'img'],
      notes,
    );
    expect(spec.passthrough).toEqual(['--publish', '80:80']);
    expect(notes[0]).toMatch(/--cap-add SYS_ADMIN, --cap-drop ALL were replaced/);
  });
});

describe('readComposeSandbox failures', () => {
  it.each([
    ['bad.yaml', 'services: [unclosed', /not valid YAML/],
    ['nosvc.yaml', 'services:\n  db: {}\n', /no service "web" \(services: db\)/],
    ['noseccomp.yaml', 'services:\n  web:\n    cap_add: [CHOWN]\n', /has no seccomp=PATH/],
    [
      'badcaps.yaml',
      'services:\n  web:\n    security_opt: [seccomp=p.json]\n    cap_add: NET_RAW\n',
      /cap_add must be a list/,
    ],
  ])('%s', async (name, text, message) => {
    await expect(readComposeSandbox(fragment(name, text), 'web')).rejects.toMatchObject({
      exitCode: ExitCode.usage,
      message: expect.stringMatching(message),
    });
  });

  it('notes a fragment that does not drop ALL', async () => {
    const sandbox = await readComposeSandbox(
      fragment('keep.yaml', 'services:\n  web:\n    security_opt: [seccomp=/abs/p.json]\n'),
      'web',
    );
    expect(sandbox).toMatchObject({ profilePath: '/abs/p.json', capAdd: [] });
    expect(sandbox.notes[0]).toMatch(/does not drop ALL/);
  });
});

describe('startingCaps', () => {
  it("defaults to Docker's 14 and needs --from for observed", async () => {
    expect((await startingCaps(undefined, undefined)).caps).toHaveLength(14);
    await expect(startingCaps('observed', undefined)).rejects.toMatchObject({ exitCode: ExitCode.usage });
    await expect(startingCaps('everything', undefined)).rejects.toMatchObject({ exitCode: ExitCode.usage });
  });

  it('takes the used (granted or inferred) capabilities of an observation', async () => {
    // nginx-ebpf.json: CHOWN, SETGID, SETUID granted; DAC_OVERRIDE only refused (not a use).
    const start = await startingCaps(
      undefined,
      join(import.meta.dirname, '../../fixtures/observations/nginx-ebpf.json'),
    );
    expect(start).toEqual({
      caps: ['CAP_CHOWN', 'CAP_SETGID', 'CAP_SETUID'],
      source: expect.stringMatching(/nginx-ebpf.json \(3\)/),
    });
  });
});
