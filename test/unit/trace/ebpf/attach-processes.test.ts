import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addToGate, littleEndian } from '../../../../src/trace/ebpf/attach-late.js';
import { processesIn } from '../../../../src/trace/ebpf/attach-processes.js';
import type { Runner } from '../../../../src/exec/run.js';

/** A /proc-shaped directory: per pid its ns/mnt link and comm, as the kernel shows them. */
async function fakeProc(dir: string, entries: { pid: number; mnt: string; comm: string }[]): Promise<void> {
  for (const e of entries) {
    await mkdir(join(dir, String(e.pid), 'ns'), { recursive: true });
    await symlink(`mnt:[${e.mnt}]`, join(dir, String(e.pid), 'ns', 'mnt'));
    await writeFile(join(dir, String(e.pid), 'comm'), `${e.comm}\n`);
  }
  await mkdir(join(dir, 'self'), { recursive: true });
}

describe('finding the processes of running containers', () => {
  let proc: string;
  beforeEach(async () => {
    proc = await mkdtemp(join(tmpdir(), 'attach-proc-'));
  });
  afterEach(() => rm(proc, { recursive: true, force: true }));

  it('keeps the processes in the target namespaces, without the runtime’s set-up stages', async () => {
    await fakeProc(proc, [
      { pid: 1, mnt: '4026531841', comm: 'systemd' },
      { pid: 300, mnt: '4026532180', comm: 'sh' },
      { pid: 301, mnt: '4026532180', comm: 'runc:[2:INIT]' },
      { pid: 302, mnt: '4026532180', comm: 'crun' },
      { pid: 310, mnt: '4026532190', comm: 'nginx' },
      { pid: 320, mnt: '4026532200', comm: 'other' },
    ]);
    expect(await processesIn(new Set(['4026532180', '4026532190']), proc)).toEqual([
      { pid: 300, inode: '4026532180', comm: 'sh' },
      { pid: 310, inode: '4026532190', comm: 'nginx' },
    ]);
  });

  it('adding late without bpftrace’s map says why and adds nothing, without running bpftool', async () => {
    await mkdir(join(proc, '77', 'fd'), { recursive: true });
    const runner = {
      run: () => Promise.reject(new Error('bpftool must not run')),
    } as unknown as Runner;
    const result = await addToGate(runner, 77, [{ pid: 300, inode: '4026532180', comm: 'sleep' }], proc);
    expect(result.added.size).toBe(0);
    expect(result.failure).toMatch(/holds no BPF map named AT_rec/);
    expect(await addToGate(runner, 77, [], proc)).toEqual({ added: new Set() });
  });

  it('writes keys and values little-endian for bpftool', () => {
    expect(littleEndian(1234n, 8)).toEqual(['d2', '04', '00', '00', '00', '00', '00', '00']);
    expect(littleEndian(4026532180n, 4)).toEqual(['54', '01', '00', 'f0']);
    expect(() => littleEndian(4294967296n, 4)).toThrow(RangeError);
  });
});
