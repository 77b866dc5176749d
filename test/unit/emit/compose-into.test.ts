import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { sandboxEntries } from '../../../src/emit/compose.js';
import { editComposeInPlace } from '../../../src/emit/compose-into.js';
import { InputError } from '../../../src/errors.js';

// A hand-written compose file: comments, a flow list, an anchor merged by another service, odd spacing.
const HAND_WRITTEN = `# production stack — do not reorder
x-common: &common
  restart: on-failure:3   # keep

services:
  api-gateway:
    image: our-registry.io/api-gateway:v2.4.1
    <<: *common
    security_opt: [no-new-privileges:true, "apparmor=gateway"]
    healthcheck: {test: ["CMD", "curl", "-f", "http://localhost:8080/health"], interval: 30s}
    cap_add:
      - NET_ADMIN      # legacy

  # the cache, untouched by seccompose
  cache:
    image: redis:7
    ports: [ "6379" ]
`;

const entries = sandboxEntries({
  seccompPath: '/srv/seccomp/$api.json',
  capAdd: ['CAP_NET_BIND_SERVICE'],
  keptSecurityOpt: ['apparmor=gateway'],
  evidence: 'api-gateway.obs.json (ebpf 0.17.0): 61 syscalls',
  notes: [],
});

describe('editComposeInPlace (--into)', () => {
  const edited = editComposeInPlace(HAND_WRITTEN, 'compose.yaml', new Map([['api-gateway', entries]]));

  it('keeps everything outside the edited keys byte for byte', () => {
    const untouched = (text: string) =>
      text.split('\n').filter((l) => !/^ {4}(security_opt|cap_add|cap_drop):|^ {6}- |^ {4}# seccompose:/.test(l));
    const before = untouched(HAND_WRITTEN).filter((l) => !l.includes('security_opt'));
    expect(untouched(edited)).toEqual(before);
    expect(
      edited.startsWith('# production stack — do not reorder\nx-common: &common\n  restart: on-failure:3   # keep\n'),
    ).toBe(true);
    expect(edited).toContain(
      '  # the cache, untouched by seccompose\n  cache:\n    image: redis:7\n    ports: [ "6379" ]\n',
    );
    expect(edited).toContain(
      '    healthcheck: {test: ["CMD", "curl", "-f", "http://localhost:8080/health"], interval: 30s}\n',
    );
  });

  it('sets exactly the sandbox keys, keeps the AppArmor option, escapes $, and the anchor still merges', () => {
    const doc = parse(edited, { merge: true }) as { services: Record<string, Record<string, unknown>> };
    const gateway = doc.services['api-gateway']!;
    expect(gateway.security_opt).toEqual([
      'seccomp=/srv/seccomp/$$api.json',
      'no-new-privileges:true',
      'apparmor=gateway',
    ]);
    expect(gateway.cap_drop).toEqual(['ALL']);
    expect(gateway.cap_add).toEqual(['NET_BIND_SERVICE']);
    expect(gateway.restart).toBe('on-failure:3');
    expect(edited).toMatch(/ {4}# seccompose: seccomp profile from api-gateway.obs.json/);
  });

  it('a second run replaces its own comments instead of adding more', () => {
    const twice = editComposeInPlace(edited, 'compose.yaml', new Map([['api-gateway', entries]]));
    expect(twice).toBe(edited);
  });

  it('refuses a service that is an anchor other services merge, or written in flow style', () => {
    const anchored = 'services:\n  web: &w\n    image: x\n  db:\n    <<: *w\n';
    expect(() => editComposeInPlace(anchored, 'c.yaml', new Map([['web', entries]]))).toThrow(InputError);
    const flow = 'services:\n  web: {image: x}\n';
    expect(() => editComposeInPlace(flow, 'c.yaml', new Map([['web', entries]]))).toThrow(/flow style/);
    expect(() => editComposeInPlace(flow, 'c.yaml', new Map([['nope', entries]]))).toThrow(/no service nope/);
  });
});
