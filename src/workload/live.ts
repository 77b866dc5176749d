import { killGroup, runSyncQuietly } from '../exec/run.js';
import { installLastResort } from './last-resort.js';

/**
 * What seccompose has running right now that must not outlive it: exercise process groups,
 * containers and compose projects. The owners register and unregister them; `main.ts` calls
 * `endEverythingNow` (through last-resort.ts) when a second Ctrl-C exits at once, without the
 * normal (awaited) cleanup.
 */
type Live =
  | { kind: 'group'; pgid: number }
  /** By name or id; registered before `docker run`, which may still be creating it. */
  | { kind: 'container'; id: string }
  /** The whole compose `down` command line. */
  | { kind: 'project'; argv: string[] };

const live = new Set<Live>();

/** How long a last-moment `docker rm -f` / compose `down` may take. */
const LAST_CLEANUP_TIMEOUT_MS = 30_000;
/** A container whose `docker run` was in flight appears shortly after: retry its removal this long. */
const PENDING_RETRY_MS = 2_000;
const RETRY_PAUSE_MS = 200;

/** Track something until the returned function is called. */
export function trackLive(item: Live): () => void {
  live.add(item);
  return () => void live.delete(item);
}

/**
 * Kill every tracked process group and remove every tracked container and project,
 * synchronously. Returns what could not be removed, for the user to remove by hand.
 */
export function endEverythingNow(): string[] {
  const left: string[] = [];
  for (const item of live) {
    if (item.kind === 'group') killGroup(item.pgid, 'SIGKILL');
    else if (item.kind === 'container') {
      if (!removeNow(item.id)) left.push(`docker rm -f ${item.id}`);
    } else {
      const [file, ...args] = item.argv;
      if (!file || !runSyncQuietly(file, args, LAST_CLEANUP_TIMEOUT_MS)) left.push(item.argv.join(' '));
    }
  }
  live.clear();
  return left;
}

/** `docker rm -f`, retried briefly: the engine may still be creating the container. */
function removeNow(id: string): boolean {
  const deadline = Date.now() + PENDING_RETRY_MS;
  for (;;) {
    if (runSyncQuietly('docker', ['rm', '--force', '--volumes', id], LAST_CLEANUP_TIMEOUT_MS)) return true;
    if (Date.now() >= deadline) return false;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_PAUSE_MS);
  }
}

installLastResort(endEverythingNow);
