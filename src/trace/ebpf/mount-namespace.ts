import { readlink } from 'node:fs/promises';

/** The inode number of process `pid`'s mount namespace (`mnt:[4026532180]` → '4026532180'), or undefined once it is gone. */
export async function readMountNamespace(pid: number, proc = '/proc'): Promise<string | undefined> {
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  try {
    return /^mnt:\[(\d+)\]$/.exec(await readlink(`${proc}/${pid}/ns/mnt`))?.[1];
  } catch {
    return undefined;
  }
}
