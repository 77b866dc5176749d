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

type Doc = { services: Record<string, Record<string, unknown>> };

/** A --harden run's entries: these capabilities, and read_only + a /tmp tmpfs when `readOnly`. */
function hardened(capAdd: string[], readOnly: boolean) {
  return sandboxEntries({
    seccompPath: '/srv/seccomp/web.json',
    capAdd,
    keptSecurityOpt: [],
    evidence: 'web.obs.json (ebpf 0.17.0): 60 syscalls',
    notes: [],
    harden: {
      readOnly: readOnly
        ? { value: { tmpfs: ['/tmp'] }, because: 'it wrote only to /tmp' }
        : { value: undefined, because: 'not suggested: it wrote to /srv' },
      user: { value: undefined, because: 'it already runs as 101:101' },
      existingTmpfs: [],
    },
  });
}

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

  it('a re-run whose evidence needs no capability removes cap_add (with its comment); hand-written stricter keys stay', () => {
    const hand = `services:
  web:
    image: nginx
    # ours: keep this comment
    read_only: true
    user: "101:101"
    cap_add: [NET_ADMIN]
    environment: {A: "1"}
`;
    const withCaps = editComposeInPlace(hand, 'c.yaml', new Map([['web', hardened(['CAP_CHOWN'], true)]]));
    expect((parse(withCaps) as Doc).services.web!.cap_add).toEqual(['CHOWN']);
    expect(withCaps).toContain('    # seccompose: read_only: it wrote only to /tmp\n    read_only: true\n');

    // The new evidence: no capability, read_only no longer proven (it wrote to /srv).
    const again = editComposeInPlace(withCaps, 'c.yaml', new Map([['web', hardened([], false)]]));
    const web = (parse(again) as Doc).services.web!;
    expect(web.cap_add).toBeUndefined();
    expect(again).not.toMatch(/cap_add|used in the recordings/);
    // read_only and tmpfs were seccompose's (its comment above them): gone with the evidence behind them.
    expect(web.read_only).toBeUndefined();
    expect(web.tmpfs).toBeUndefined();
    // The user's own keys stay byte for byte, their comment too.
    expect(again).toContain('    image: nginx\n');
    expect(again).toContain('    user: "101:101"\n    environment: {A: "1"}\n');
    expect(web.cap_drop).toEqual(['ALL']);

    // A hand-written read_only (no seccompose comment) is stricter than the evidence proves: it stays.
    const handRo = editComposeInPlace(hand, 'c.yaml', new Map([['web', hardened([], false)]]));
    expect(handRo).toContain('    # ours: keep this comment\n    read_only: true\n');
    expect((parse(handRo) as Doc).services.web!.cap_add).toBeUndefined();
    expect(editComposeInPlace(handRo, 'c.yaml', new Map([['web', hardened([], false)]]))).toBe(handRo);
  });

  it('refuses a service that is an anchor other services merge, or written in flow style', () => {
    const anchored = 'services:\n  web: &w\n    image: x\n  db:\n    <<: *w\n';
    expect(() => editComposeInPlace(anchored, 'c.yaml', new Map([['web', entries]]))).toThrow(InputError);
    const flow = 'services:\n  web: {image: x}\n';
    expect(() => editComposeInPlace(flow, 'c.yaml', new Map([['web', entries]]))).toThrow(/flow style/);
    expect(() => editComposeInPlace(flow, 'c.yaml', new Map([['nope', entries]]))).toThrow(/no service nope/);
  });
});
