import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/cli.js';
import { compareProfiles } from '../../../src/diff/compare.js';
import { failedGates, hasDifferences } from '../../../src/diff/gates.js';
import { provenanceLabels } from '../../../src/sandbox/provenance.js';
import { generateProfile } from '../../../src/generate/generate.js';
import { parseObservation } from '../../../src/model/read-observation.js';
import type { ResolveContext } from '../../../src/profile/context.js';
import { DOCKER_DEFAULT_CAPS } from '../../../src/kernel/capabilities.js';

const dir = mkdtempSync(join(tmpdir(), 'seccompose-wt-ci-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const context: ResolveContext = { arch: 'SCMP_ARCH_X86_64', caps: [...DOCKER_DEFAULT_CAPS], kernel: '6.1' };
const PTRACE_WHY = 'Inspects and controls other processes; before Linux 4.8 it could bypass seccomp entirely.';

const webText = readFileSync(join(repoRoot, 'test/fixtures/observations/http-server.json'), 'utf8');
copyFileSync(join(repoRoot, 'test/fixtures/observations/http-server.json'), join(dir, 'web.obs.json'));
const debug = JSON.parse(webText);
debug.syscalls.SCMP_ARCH_X86_64.ptrace = { count: 2, errors: 0, firstSeen: 90 };
debug.capabilities.CAP_SYS_PTRACE = { source: 'observed', checked: 2, granted: 2, denied: 0, evidence: ['ptrace(2)'] };
writeFileSync(join(dir, 'debug.obs.json'), JSON.stringify(debug));

/** A profile as `generate` writes it, from observation files in `dir` (cited by base name). */
function generated(files: string[], out: string): void {
  const inputs = files.map((f) => ({ label: f, observation: parseObservation(readFileSync(join(dir, f), 'utf8'), f) }));
  const result = generateProfile(inputs, {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: 1,
    includeBlocked: false,
    runtimeSyscalls: true,
    allowPartial: false,
    allowLossy: false,
    native: 'SCMP_ARCH_X86_64',
  });
  writeFileSync(join(dir, out), result.text);
}
generated(['web.obs.json'], 'web.json');
generated(['web.obs.json', 'debug.obs.json'], 'both.json');

describe('diff of profiles with provenance, observations and compose overrides', () => {
  it("reads the observation files a generated profile's provenance comment names", () => {
    const profile = JSON.parse(readFileSync(join(dir, 'both.json'), 'utf8'));
    expect(provenanceLabels(profile)).toEqual(['debug.obs.json', 'web.obs.json']);
    expect(provenanceLabels({ ...profile, syscalls: [{ ...profile.syscalls[0], comment: 'hand-written' }] })).toEqual(
      [],
    );
  });

  it('an added high-risk syscall says why (the lint text) and which recording next to the profile saw it', async () => {
    const c = await compareProfiles(join(dir, 'web.json'), join(dir, 'both.json'), context);
    expect(c.diff.added).toEqual(['ptrace']);
    expect(c.risksAdded).toEqual([{ name: 'ptrace', why: PTRACE_WHY, introducedBy: 'recorded in debug.obs.json' }]);
    expect(c.capabilities).toBeUndefined();
    expect(failedGates(c, ['high-risk'])).toEqual([
      { gate: 'high-risk', reason: 'high-risk syscall(s) newly allowed: ptrace' },
    ]);
    expect(failedGates(c, ['caps'])).toEqual([]);
  });

  it('without the recordings next to it, the provenance names the candidates', async () => {
    copyFileSync(join(dir, 'both.json'), join(tmpdir(), 'seccompose-wt-ci-alone.json'));
    const c = await compareProfiles(join(dir, 'web.json'), join(tmpdir(), 'seccompose-wt-ci-alone.json'), context);
    rmSync(join(tmpdir(), 'seccompose-wt-ci-alone.json'));
    expect(c.risksAdded[0]!.introducedBy).toBe(
      'generated from debug.obs.json, web.obs.json (not next to the profile, so which one is not known)',
    );
  });

  it('observations compare as the profiles generate builds, with the capabilities they need', async () => {
    const c = await compareProfiles(join(dir, 'web.obs.json'), join(dir, 'debug.obs.json'), context);
    expect(c.diff.added).toEqual(['ptrace']);
    expect(c.capabilities).toMatchObject({ added: ['CAP_SYS_PTRACE'], removed: [] });
    expect(c.risksAdded[0]!.introducedBy).toBe('recorded in debug.obs.json');
    expect(failedGates(c, ['caps', 'added'])).toEqual([
      { gate: 'added', reason: '1 syscall(s) newly allowed, 0 argument filter(s) widened' },
      { gate: 'caps', reason: 'capabilities added: CAP_SYS_PTRACE' },
    ]);
  });

  it('compose overrides: the service profile relative to the file, effective caps; several services need --service', async () => {
    writeFileSync(
      join(dir, 'old.yaml'),
      'services:\n  web:\n    security_opt: [seccomp=./web.json]\n    cap_drop: [ALL]\n    cap_add: [chown]\n',
    );
    writeFileSync(
      join(dir, 'new.yaml'),
      'services:\n  web:\n    security_opt: [seccomp=./web.json]\n    cap_drop: [NET_RAW]\n  db: {}\n',
    );
    await expect(compareProfiles(join(dir, 'old.yaml'), join(dir, 'new.yaml'), context)).rejects.toThrow(
      /has 2 services \(db, web\): which one to compare\?/,
    );
    const c = await compareProfiles(join(dir, 'old.yaml'), join(dir, 'new.yaml'), context, 'web');
    expect(isEmptyDiffOfSyscalls(c)).toBe(true);
    expect(c.capabilities!.from).toEqual(['CAP_CHOWN']);
    expect(c.capabilities!.to).toEqual(DOCKER_DEFAULT_CAPS.filter((cap) => cap !== 'CAP_NET_RAW'));
    expect(c.capabilities!.removed).toEqual([]);
    expect(hasDifferences(c)).toBe(true);
    await expect(compareProfiles('docker-default', join(dir, 'web.json'), context, 'web')).rejects.toThrow(
      /--service web given, but neither docker-default nor .*web.json is a compose file/,
    );
    const db = await compareProfiles('docker-default', join(dir, 'new.yaml'), context, 'db');
    expect(hasDifferences(db)).toBe(false);
    expect(db.capabilities).toMatchObject({ added: [], removed: [], assumedDefault: { old: true, new: false } });
  });

  it('identical inputs: no difference, no gate trips', async () => {
    const c = await compareProfiles(join(dir, 'both.json'), join(dir, 'both.json'), context);
    expect(hasDifferences(c)).toBe(false);
    expect(failedGates(c, ['added', 'high-risk', 'caps'])).toEqual([]);
  });
});

function isEmptyDiffOfSyscalls(c: Awaited<ReturnType<typeof compareProfiles>>): boolean {
  return c.diff.added.length === 0 && c.diff.removed.length === 0 && c.diff.changed.length === 0;
}
