import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CAPABILITIES, DOCKER_DEFAULT_CAPS } from '../../../src/kernel/capabilities.js';
import { readServices } from '../../../src/sandbox/compose.js';

const read = (yaml: string) => readServices(parse(yaml), '/repo/deploy/compose.yaml');

describe('compose services as sandboxes', () => {
  it('profile paths resolve against the compose file; no seccomp option means Docker default', () => {
    const services = read('services:\n  web:\n    security_opt: ["seccomp=../seccomp/web.json"]\n  db: {}\n');
    expect(services.map((s) => [s.service, s.profile])).toEqual([
      ['db', 'docker-default'],
      ['web', '/repo/seccomp/web.json'],
    ]);
  });

  it.each([
    ['cap_drop: [ALL]\n    cap_add: [chown, CAP_NET_BIND_SERVICE]', ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE']],
    ['cap_drop: [NET_RAW, mknod]', DOCKER_DEFAULT_CAPS.filter((c) => c !== 'CAP_NET_RAW' && c !== 'CAP_MKNOD')],
    ['cap_add: [SYS_PTRACE]', [...DOCKER_DEFAULT_CAPS, 'CAP_SYS_PTRACE'].sort()],
    ['cap_add: [ALL]', CAPABILITIES.map((c) => c.name).sort()],
    ['{}', [...DOCKER_DEFAULT_CAPS]],
  ])('effective capabilities of %s', (fields, caps) => {
    expect(read(`services:\n  s:\n    ${fields}\n`)[0]!.caps).toEqual(caps);
  });

  it.each([
    ['services:\n  s:\n    security_opt: [seccomp=unconfined]\n', /services.s runs seccomp=unconfined/],
    ['services:\n  s:\n    cap_add: [CAP_FLY]\n', /services.s.cap_add: unknown capability "CAP_FLY"/],
    ['services:\n  s:\n    cap_drop: ALL\n', /services.s.cap_drop must be a list of strings/],
    ['services: {}\n', /compose.yaml: no services/],
  ])('rejects %j naming the file and the key', (yaml, message) => {
    expect(() => read(yaml)).toThrow(message);
  });
});
