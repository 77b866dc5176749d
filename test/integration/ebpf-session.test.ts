import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { processRunner } from '../../src/exec/run.js';
import { BpftraceSession, type StoppedSession } from '../../src/trace/ebpf/session.js';
import { requireComponents } from '../helpers/environment.js';

const signal = new AbortController().signal;

/** Whether process `pid` catches SIGINT (bit 1 of SigCgt in /proc/PID/status); undefined once it is gone. */
function catchesSigint(pid: number): boolean | undefined {
  try {
    const mask = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return mask === undefined ? undefined : (BigInt(`0x${mask}`) & 2n) !== 0n;
  } catch {
    return undefined;
  }
}

/** bpftrace ended on its own: END ran and it printed its (here empty) maps, exit 0. */
function expectClean(stopped: StoppedSession): void {
  const why = `${stopped.failure ?? ''} ${stopped.result.stderr}`;
  expect(stopped.result.signal, why).toBeUndefined();
  expect(stopped.result.timedOut, why).toBe(false);
  expect(stopped.result.exitCode, why).toBe(0);
  expect(stopped.output.ready).toBe(true);
}

// No container runs under these sessions: the program counts nothing, so what is checked is how
// bpftrace ends. A recording's stop used to be a SIGINT repeated every 500 ms, and bpftrace 0.17
// puts SIGINT back to its default action while it prints its maps: a repeat landing then killed it.
describe('bpftrace session stop (real bpftrace 0.17)', () => {
  it('ends cleanly when stopped the moment it is ready, five times in a row', async (ctx) => {
    requireComponents(ctx, 'bpftrace');
    for (let run = 0; run < 5; run++) {
      const session = await BpftraceSession.start(processRunner, signal, 'id');
      expectClean(await session.stop());
    }
  });

  it('ends cleanly when a Ctrl-C at the terminal reached bpftrace before the stop', async (ctx) => {
    requireComponents(ctx, 'bpftrace');
    const session = await BpftraceSession.start(processRunner, signal, 'id');
    const pid = session.pid!;
    // Blocked in epoll_wait by now, so the Ctrl-C is not missed (the terminal signals the whole
    // foreground process group, bpftrace included).
    await sleep(200);
    process.kill(pid, 'SIGINT');
    let catching = catchesSigint(pid);
    const deadline = performance.now() + 20_000;
    while (catching === true && performance.now() < deadline) {
      await sleep(1);
      catching = catchesSigint(pid);
    }
    // The stop comes while bpftrace prints its maps, with SIGINT at its default action again.
    expect(catching, 'bpftrace should have left its event loop and still be running').toBe(false);
    expectClean(await session.stop());
  });
});
