import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/seccompose', import.meta.url));

/** A finished CLI run, with what the test measured itself: wall time and peak RSS (GNU time). */
export interface Measured {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  maxRssKb: number;
}

export interface RunPlan {
  args: string[];
  /**
   * Signals to send, each this many ms after the CLI is waiting: it has `waitsOn` open (when given)
   * and has used no CPU for 300 ms, so that a signal never lands during start-up, before main.ts's handler.
   */
  signals?: { at: number; signal: NodeJS.Signals }[];
  /** Written to stdin at once; stdin then stays open (a writer that never finishes) unless `closeStdin`. */
  input?: string;
  closeStdin?: boolean;
  /** A path the CLI has open once it waits on it (a FIFO). */
  waitsOn?: string;
  /** For a CLI that is busy rather than waiting: the signals count from when it has used this much CPU. */
  afterCpuMs?: number;
  env?: Record<string, string>;
  /** Give up (SIGKILL) after this long: the test then fails on the exit code. `ms` counts from when SIGINT is caught. */
  limitMs?: number;
}

/** Run the built CLI under /usr/bin/time, send signals on schedule, and measure time and memory. */
export function runMeasured(plan: RunPlan): Promise<Measured> {
  const rss = join(tmpdir(), `robust-rss-${process.pid}-${Math.random().toString(16).slice(2)}`);
  const started = Date.now();
  // GNU time forwards nothing: signal the CLI itself, which is time's only child.
  const child = spawn('/usr/bin/time', ['-f', '%M', '-o', rss, bin, ...plan.args], {
    env: { ...process.env, ...plan.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.on('error', () => undefined);
  if (plan.input !== undefined) child.stdin.write(plan.input);
  if (plan.closeStdin) child.stdin.end();
  const timers: NodeJS.Timeout[] = [];
  let idle = 0;
  let lastCpu = '';
  const poll = setInterval(() => {
    if (plan.afterCpuMs !== undefined) {
      if ((cpuMs(child.pid!) ?? 0) < plan.afterCpuMs) return;
    } else {
      const cpu = cpuTicks(child.pid!, plan.waitsOn);
      idle = cpu !== undefined && cpu === lastCpu ? idle + 1 : 0;
      lastCpu = cpu ?? '';
      if (idle < 3) return;
    }
    clearInterval(poll);
    readyAt = Date.now();
    for (const { at, signal } of plan.signals ?? []) timers.push(setTimeout(() => signalCli(child.pid!, signal), at));
  }, 100);
  let readyAt: number | undefined;
  const guard = setTimeout(() => signalCli(child.pid!, 'SIGKILL'), plan.limitMs ?? 30_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      for (const t of [...timers, guard]) clearTimeout(t);
      clearInterval(poll);
      let report = '';
      try {
        report = readFileSync(rss, 'utf8');
        rmSync(rss, { force: true });
      } catch {
        // time was killed before writing
      }
      // GNU time exits with the child's status, and 128+n when a signal killed it: say which.
      const killed = /terminated by signal (\d+)/.exec(report)?.[1];
      const maxRssKb = Number(report.trim().split('\n').pop());
      resolve({
        code: killed === undefined ? code : null,
        signal: killed === undefined ? signal : (`signal ${killed}` as NodeJS.Signals),
        stdout,
        stderr,
        ms: Date.now() - (readyAt ?? started),
        maxRssKb,
      });
    });
  });
}

/** The node process GNU time started (its only child). */
function cliPid(timePid: number): number | undefined {
  try {
    const first = readFileSync(`/proc/${timePid}/task/${timePid}/children`, 'utf8').trim().split(/\s+/)[0];
    return first ? Number(first) : undefined;
  } catch {
    return undefined;
  }
}

function signalCli(timePid: number, signal: NodeJS.Signals): void {
  const pid = cliPid(timePid);
  try {
    if (pid !== undefined) process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** The CLI's CPU time (utime+stime) while it sleeps with `waitsOn` open; undefined while it runs or has not opened it. */
function cpuTicks(timePid: number, waitsOn: string | undefined): string | undefined {
  const pid = cliPid(timePid);
  if (pid === undefined) return undefined;
  try {
    if (waitsOn !== undefined) {
      const fds = readdirSync(`/proc/${pid}/fd`).map((fd) => readlinkSafe(`/proc/${pid}/fd/${fd}`));
      if (!fds.includes(waitsOn)) return undefined;
    }
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'S' ? `${fields[11]}+${fields[12]}` : undefined;
  } catch {
    return undefined;
  }
}

/** The CLI's CPU time so far in ms (utime+stime at 100 ticks a second); undefined before it runs. */
function cpuMs(timePid: number): number | undefined {
  const pid = cliPid(timePid);
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function readlinkSafe(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}
