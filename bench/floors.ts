/**
 * The reference tracers bench/record-ebpf.ts measures the recorder against, each held running
 * until SIGINT:
 * - a floor: a bpftrace program with nothing but a mount-namespace test and a key-less count (a
 *   BPF per-CPU array) on `raw_syscalls:sys_enter`, optionally the same on `sys_exit`;
 * - no-op programs on the raw tracepoints sys_enter and sys_exit (noop-raw-tracepoint.py): what
 *   the kernel charges every syscall of every task once any syscall tracepoint is attached.
 */
import { fileURLToPath } from 'node:url';
import { processRunner, type Spawned } from '../src/exec/run.js';

const READY = 'SECCOMPOSE_BENCH_FLOOR_READY';
const NOOP_SCRIPT = fileURLToPath(new URL('./noop-raw-tracepoint.py', import.meta.url));

/** A running reference tracer. */
export interface Holder {
  child: Spawned;
  /** Spawn → ready marker, ms. */
  attachMs: number;
  /** Everything it printed, once it exited. */
  output: Promise<string>;
}

function floorProgram(inode: string, withExit: boolean): string {
  const test = `/curtask->nsproxy->mnt_ns->ns.inum == ${inode}/`;
  const exit = withExit ? `\ntracepoint:raw_syscalls:sys_exit ${test} { @x = count(); }` : '';
  return `BEGIN { printf("${READY}\\n"); }
tracepoint:raw_syscalls:sys_enter ${test} { @n = count(); }${exit}`;
}

async function hold(command: string, args: string[], marker: string): Promise<Holder> {
  const started = performance.now();
  const child = processRunner.spawn(command, args, { streamStdout: true, timeoutMs: 600_000 });
  let text = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes(marker)) resolve();
    });
    child.result.then((r) => reject(new Error(`${command} exited before ${marker}: ${r.stderr.trim()}`)));
  });
  return { child, attachMs: performance.now() - started, output: child.result.then(() => text) };
}

/** The floor for the mount namespace `inode`; `withExit` adds the sys_exit count. */
export function startFloor(inode: string, withExit: boolean): Promise<Holder> {
  return hold('bpftrace', ['-f', 'json', '-e', floorProgram(inode, withExit)], READY);
}

/** No-op programs on the raw tracepoints sys_enter and sys_exit (needs python3). */
export function startNoop(): Promise<Holder> {
  return hold('python3', [NOOP_SCRIPT, 'sys_enter', 'sys_exit'], 'READY');
}

/** The floor's sys_enter count from bpftrace's JSON map line. */
export function floorCount(text: string): number {
  const match = /"@n":\s*(\d+)/.exec(text);
  if (!match) throw new Error(`floor bpftrace printed no count: ${text.slice(-300)}`);
  return Number(match[1]);
}
