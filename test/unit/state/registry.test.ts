import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner, RunResult } from '../../../src/exec/run.js';
import { findLeftovers, removeLeftovers } from '../../../src/cleanup/leftovers.js';
import { isOwnerAlive, ownerTagOf, ownTag } from '../../../src/state/owner.js';
import { holdResource, releaseResource, type Resource } from '../../../src/state/registry.js';

const state = mkdtempSync(join(tmpdir(), 'state-test-'));
beforeAll(() => {
  process.env.SECCOMPOSE_STATE_DIR = state;
});
afterAll(() => {
  delete process.env.SECCOMPOSE_STATE_DIR;
  rmSync(state, { recursive: true, force: true });
});

/** A runner with nothing on the machine: no containers, no audit rules. */
const empty: Runner = {
  run: async (file, args): Promise<RunResult> => ({
    command: [file, ...args].join(' '),
    exitCode: 0,
    signal: undefined,
    stdout: '',
    stderr: '',
    timedOut: false,
    cancelled: false,
    failed: false,
  }),
  spawn: () => {
    throw new Error('not used');
  },
};

/** The owner tag of a process that has exited. */
function deadTag(): string {
  const child = spawnSync('sh', ['-c', 'echo $$; cat /proc/$$/stat'], { encoding: 'utf8' });
  const [pid, stat] = child.stdout.split('\n');
  return `${pid}:${stat!.slice(stat!.lastIndexOf(')') + 2).split(' ')[19]}`;
}

describe('owner tags', () => {
  it('name this process while it lives, and not a process that has exited', () => {
    expect(ownTag()).toBe(ownerTagOf(process.pid));
    expect(isOwnerAlive(ownTag())).toBe(true);
    expect(isOwnerAlive(deadTag())).toBe(false);
    expect(isOwnerAlive(`${process.pid}:1`)).toBe(false);
    expect(isOwnerAlive('not-a-tag')).toBe(false);
  });
});

describe('the state registry', () => {
  it('writes a resource down while held and forgets it when released; a live owner is never a leftover', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seccompose-test-'));
    const held: Resource = { kind: 'temp-dir', path: dir };
    await holdResource(held);
    const [file] = readdirSync(state);
    expect(JSON.parse(readFileSync(join(state, file!), 'utf8'))).toMatchObject({ owner: ownTag(), resources: [held] });
    expect((await findLeftovers(empty)).leftovers).toEqual([]);
    await releaseResource(held);
    expect(readdirSync(state)).toEqual([]);
    rmSync(dir, { recursive: true });
  });

  it("lists and removes a dead owner's temp dir, but never a path outside $TMPDIR/seccompose-*", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seccompose-test-'));
    const outside = join(state, 'not-ours');
    mkdirSync(outside);
    const owner = deadTag();
    const entry = {
      owner,
      command: 'record',
      resources: [
        { kind: 'temp-dir', path: dir },
        { kind: 'temp-dir', path: outside },
        { kind: 'temp-dir', path: `${tmpdir()}/seccompose-x/../../etc` },
      ],
    };
    writeFileSync(join(state, 'dead.json'), JSON.stringify(entry));
    writeFileSync(join(state, 'garbage.json'), '{not json');
    const scan = await findLeftovers(empty);
    expect(scan.leftovers).toEqual([{ kind: 'temp-dir', path: dir, owner }]);
    expect(await removeLeftovers(empty, scan)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(outside)).toBe(true);
    expect(readdirSync(state).sort()).toEqual(['garbage.json', 'not-ours']);
  });
});
