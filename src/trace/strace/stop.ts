import { setTimeout as delay } from 'node:timers/promises';
import type { StraceSession } from './session.js';

/** Why seccompose ended the traced command (rather than it ending by itself). */
export type StopReason = 'exercise' | 'exercise-failed' | 'duration' | 'interrupted';

/** After SIGKILL to the processes, how long strace may take to notice before it is killed too. */
const TRACER_KILL_AFTER_MS = 5_000;

/**
 * End a traced command the way `docker stop` ends a container: SIGTERM to the command's first
 * process (strace's first pid), then after `graceMs` SIGKILL to every process strace still
 * follows, then strace itself. `cancelled` aborts the escalation (the command already ended).
 */
export async function stopWorkload(session: StraceSession, graceMs: number, cancelled: AbortSignal): Promise<void> {
  if (!(await session.started)) return;
  const leader = session.parser.leader;
  if (leader !== undefined && leader > 0) signalProcess(leader, 'SIGTERM');
  if (!(await wait(graceMs, cancelled))) return;
  for (const pid of session.parser.live) signalProcess(pid, 'SIGKILL');
  if (!(await wait(TRACER_KILL_AFTER_MS, cancelled))) return;
  session.killTracer('SIGKILL');
}

/** Wait `ms`; false when cancelled first. */
async function wait(ms: number, cancelled: AbortSignal): Promise<boolean> {
  try {
    await delay(ms, undefined, { signal: cancelled });
    return true;
  } catch {
    return false;
  }
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: it has already exited.
  }
}
