import { readFileSync, rmSync } from 'node:fs';

/**
 * The private temp dirs in use now (temp-dir.ts adds and removes them), so that the second
 * Ctrl-C, which cannot wait for the awaited cleanup, can still remove them synchronously. Kept
 * free of other imports: main.ts reaches it at start-up.
 */
const live = new Set<string>();

export function trackTempDir(dir: string): void {
  live.add(dir);
}

export function untrackTempDir(dir: string): void {
  live.delete(dir);
}

/**
 * Remove every temp dir still in use, now; returns what was left (a dir with something mounted
 * under it is never removed recursively: that would delete through the mount).
 */
export function removeTempDirsNow(): string[] {
  if (live.size === 0) return [];
  const mounts = mountPoints();
  const left: string[] = [];
  for (const dir of live) {
    if (mounts.some((m) => m === dir || m.startsWith(`${dir}/`))) {
      left.push(`temporary directory ${dir} (something is mounted under it: umount -R ${dir}, then remove it)`);
      continue;
    }
    try {
      rmSync(dir, { recursive: true, force: true });
      live.delete(dir);
    } catch {
      left.push(`temporary directory ${dir}`);
    }
  }
  return left;
}

/** Mount points of this process's mount namespace (field 5 of /proc/self/mountinfo, octal escapes decoded). */
function mountPoints(): string[] {
  let text: string;
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((m): m is string => m !== undefined)
    .map((m) => m.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8))));
}
