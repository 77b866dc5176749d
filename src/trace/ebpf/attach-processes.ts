import { readdir, readFile } from 'node:fs/promises';
import { readMountNamespace } from './mount-namespace.js';

/** A process found in one of the target containers' mount namespaces. */
export interface TargetProcess {
  pid: number;
  /** Its mount-namespace inode (the container's). */
  inode: string;
  comm: string;
}

/** Comms of the container runtime's own stages: they join the namespace to set up a `docker exec`, the handover admits their exec. */
const RUNTIME_COMM = /^(runc:\[|crun$)/;

/**
 * Every process of this machine whose mount namespace is one of `inodes` (from /proc/PID/ns/mnt),
 * except the runtime's own set-up stages. Processes that exit while the scan runs are left out.
 */
export async function processesIn(inodes: ReadonlySet<string>, proc = '/proc'): Promise<TargetProcess[]> {
  const pids = (await readdir(proc)).filter((name) => /^\d+$/.test(name)).map(Number);
  const found = await Promise.all(
    pids.map(async (pid): Promise<TargetProcess | undefined> => {
      const inode = await readMountNamespace(pid, proc);
      if (inode === undefined || !inodes.has(inode)) return undefined;
      const comm = await readFile(`${proc}/${pid}/comm`, 'utf8').then(
        (text) => text.trim(),
        () => undefined,
      );
      if (comm === undefined || RUNTIME_COMM.test(comm)) return undefined;
      return { pid, inode, comm };
    }),
  );
  return found.filter((p): p is TargetProcess => p !== undefined).sort((a, b) => a.pid - b.pid);
}
