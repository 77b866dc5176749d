import { describe, expect, it } from 'vitest';
import type { TargetProcess } from '../../../../src/trace/ebpf/attach-processes.js';
import { describeProcesses, missedProcesses, settleRace } from '../../../../src/trace/ebpf/attach-race.js';

const p = (pid: number, comm = 'sh', inode = '4026532180'): TargetProcess => ({ pid, inode, comm });

describe('attach race bookkeeping', () => {
  const seeded = [p(10), p(11, 'nginx')];

  it('a process present after the ready marker that was neither seeded nor admitted is missed', () => {
    const rescan = [p(10), p(11, 'nginx'), p(20, 'sleep'), p(21, 'cat')];
    expect(missedProcesses(seeded, new Set([21]), rescan)).toEqual([p(20, 'sleep')]);
  });

  it('nothing is missed when every process was seeded or admitted, or has exited', () => {
    expect(missedProcesses(seeded, new Set([30]), [p(11, 'nginx'), p(30)])).toEqual([]);
  });

  it('at the end, a missed process whose admission line came late was admitted; the others were added or lost', () => {
    const missed = [p(20, 'sleep'), p(21, 'cat'), p(22, 'worker')];
    expect(settleRace(missed, new Set([21]), new Set([20]))).toEqual({
      added: [p(20, 'sleep')],
      lost: [p(22, 'worker')],
    });
  });

  it('names processes with their comm, abridged past the limit', () => {
    expect(describeProcesses([p(20, 'sleep'), p(21, 'cat')])).toBe('20 (sleep), 21 (cat)');
    expect(describeProcesses([p(1), p(2), p(3)], 2)).toBe('1 (sh), 2 (sh), … (+1)');
  });
});
