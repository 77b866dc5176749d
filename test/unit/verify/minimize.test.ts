import { describe, expect, it } from 'vitest';
import { DOCKER_DEFAULT_CAPS } from '../../../src/kernel/capabilities.js';
import { minimizeCaps, type Replay } from '../../../src/verify/minimize.js';

/** A workload that passes exactly when every cap in `needs` is granted; records each replay. */
function fakeReplay(needs: string[], seen: string[][] = []): Replay {
  return async (caps) => {
    seen.push([...caps]);
    const missing = needs.filter((n) => !caps.includes(n));
    return { pass: missing.length === 0, failure: missing.length ? `exercise: needs ${missing.join(', ')}` : '' };
  };
}

describe('minimizeCaps', () => {
  it('stops after one replay when the workload needs no capability', async () => {
    const seen: string[][] = [];
    const result = await minimizeCaps(DOCKER_DEFAULT_CAPS, fakeReplay([], seen), 20);
    expect(result).toMatchObject({ kind: 'minimal', caps: [], replays: 1 });
    expect(seen).toEqual([[]]);
  });

  it("finds exactly NET_BIND_SERVICE among Docker's 14 defaults, with why it is kept", async () => {
    const result = await minimizeCaps(DOCKER_DEFAULT_CAPS, fakeReplay(['CAP_NET_BIND_SERVICE']), 20);
    expect(result.kind).toBe('minimal');
    if (result.kind !== 'minimal') return;
    expect(result.caps).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(result.kept).toEqual([
      { cap: 'CAP_NET_BIND_SERVICE', neededFor: 'exercise: needs CAP_NET_BIND_SERVICE', tested: true },
    ]);
    expect(result.dropped).toHaveLength(13);
    expect(result.replays).toBe(16);
    expect(result.proven).toBe(true);
  });

  it('keeps two caps needed together and drops the rest', async () => {
    const result = await minimizeCaps(
      ['CAP_SETUID', 'CAP_SETGID', 'CAP_CHOWN'],
      fakeReplay(['CAP_SETGID', 'CAP_SETUID']),
      20,
    );
    expect(result.kind === 'minimal' && result.caps).toEqual(['CAP_SETGID', 'CAP_SETUID']);
  });

  it('reports a starting set the workload fails with', async () => {
    const result = await minimizeCaps(['CAP_CHOWN'], fakeReplay(['CAP_SYS_ADMIN']), 20);
    expect(result).toEqual({
      kind: 'start-fails',
      start: ['CAP_CHOWN'],
      failure: 'exercise: needs CAP_SYS_ADMIN',
      replays: 2,
    });
    const empty = await minimizeCaps([], fakeReplay(['CAP_SYS_ADMIN']), 20);
    expect(empty.kind).toBe('start-fails');
  });

  it('never exceeds the replay budget; caps not reached stay, marked untested', async () => {
    const seen: string[][] = [];
    const result = await minimizeCaps(DOCKER_DEFAULT_CAPS, fakeReplay(['CAP_KILL'], seen), 5);
    expect(seen).toHaveLength(5);
    expect(result.kind === 'minimal' && result.replays).toBe(5);
    if (result.kind !== 'minimal') return;
    expect(result.kept.filter((k) => !k.tested).length).toBe(11);
    expect(result.caps).toContain('CAP_KILL');
    expect(result.proven).toBe(false);
  });

  it('reports progress before and after each replay', async () => {
    const events: string[] = [];
    await minimizeCaps(['CAP_CHOWN'], fakeReplay(['CAP_CHOWN']), 20, (e) =>
      events.push(`${e.replay}/${e.max} ${e.trying} ${e.outcome ? e.outcome.pass : '…'}`),
    );
    expect(events).toEqual([
      '1/20 no capabilities (cap_drop: [ALL]) …',
      '1/20 no capabilities (cap_drop: [ALL]) false',
      '2/20 the starting set (1 caps) …',
      '2/20 the starting set (1 caps) true',
      '3/20 without CAP_CHOWN …',
      '3/20 without CAP_CHOWN false',
    ]);
  });

  it('propagates a replay that throws (engine down)', async () => {
    await expect(minimizeCaps(['CAP_CHOWN'], async () => Promise.reject(new Error('engine down')), 20)).rejects.toThrow(
      'engine down',
    );
  });
});
