import { readdir, readFile, readlink } from 'node:fs/promises';
import { messageOf } from '../../errors.js';
import type { Runner } from '../../exec/run.js';
import { checkedInode, checkedPid } from './attach-program.js';
import type { TargetProcess } from './attach-processes.js';

/** The name bpftrace 0.17 gives the BPF map of `@rec` (`AT_` + the map's name). */
const GATE_MAP = 'AT_rec';
const BPFTOOL_TIMEOUT_MS = 30_000;

/** Which processes were added to the running program's gate, and why the others were not. */
export interface LateAdd {
  added: Set<number>;
  failure?: string;
}

/**
 * Put processes the seeds missed into the running program's `@rec` map with bpftool, so they
 * count from now on: the map is found among the BPF maps bpftrace (`tracerPid`) holds open, by
 * its name. Any failure (no bpftool, map not found) is returned, never thrown: the caller then
 * marks those processes as not recorded.
 */
export async function addToGate(
  runner: Runner,
  tracerPid: number,
  processes: readonly TargetProcess[],
  proc = '/proc',
): Promise<LateAdd> {
  const added = new Set<number>();
  if (processes.length === 0) return { added };
  try {
    const map = await findGateMap(runner, tracerPid, proc);
    for (const p of processes) {
      const key = littleEndian(BigInt(checkedPid(p.pid)), map.keyBytes);
      const value = littleEndian(BigInt(checkedInode(p.inode)), map.valueBytes);
      const args = ['map', 'update', 'id', String(map.id), 'key', 'hex', ...key, 'value', 'hex', ...value];
      const result = await runner.run('bpftool', args, { timeoutMs: BPFTOOL_TIMEOUT_MS });
      if (result.exitCode !== 0)
        return { added, failure: `bpftool map update failed: ${result.stderr.trim() || `exit ${result.exitCode}`}` };
      added.add(p.pid);
    }
    return { added };
  } catch (error) {
    return { added, failure: messageOf(error) };
  }
}

interface GateMap {
  id: number;
  keyBytes: number;
  valueBytes: number;
}

async function findGateMap(runner: Runner, tracerPid: number, proc: string): Promise<GateMap> {
  for (const id of await heldMapIds(tracerPid, proc)) {
    const result = await runner.run('bpftool', ['-j', 'map', 'show', 'id', String(id)], {
      timeoutMs: BPFTOOL_TIMEOUT_MS,
    });
    if (result.exitCode !== 0) continue;
    const info = JSON.parse(result.stdout) as { name?: unknown; bytes_key?: unknown; bytes_value?: unknown };
    if (info.name === GATE_MAP && typeof info.bytes_key === 'number' && typeof info.bytes_value === 'number')
      return { id, keyBytes: info.bytes_key, valueBytes: info.bytes_value };
  }
  throw new Error(`bpftrace (pid ${tracerPid}) holds no BPF map named ${GATE_MAP}`);
}

/** The ids of the BPF maps process `pid` holds open (`map_id:` in the fdinfo of its bpf-map fds). */
async function heldMapIds(pid: number, proc: string): Promise<number[]> {
  const fds = await readdir(`${proc}/${pid}/fd`);
  const ids: number[] = [];
  for (const fd of fds) {
    const target = await readlink(`${proc}/${pid}/fd/${fd}`).catch(() => '');
    if (target !== 'anon_inode:bpf-map') continue;
    const info = await readFile(`${proc}/${pid}/fdinfo/${fd}`, 'utf8').catch(() => '');
    const id = /^map_id:\s*(\d+)$/m.exec(info)?.[1];
    if (id) ids.push(Number(id));
  }
  return ids;
}

/** `value` as `bytes` little-endian hex bytes, as bpftool's `hex` takes them (x86_64 is little-endian). */
export function littleEndian(value: bigint, bytes: number): string[] {
  const out: string[] = [];
  let rest = value;
  for (let i = 0; i < bytes; i++) {
    out.push((rest & 0xffn).toString(16).padStart(2, '0'));
    rest >>= 8n;
  }
  if (rest !== 0n) throw new RangeError(`${value} does not fit in ${bytes} bytes`);
  return out;
}
