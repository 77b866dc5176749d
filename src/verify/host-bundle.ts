import { lstat, mkdir, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { OciSeccomp } from '../emit/oci.js';
import { stringifyExact } from '../model/exact-json.js';

/** Where the canary appears in a host-command bundle (mounted before /tmp's tmpfs hides the host /tmp). */
export const HOST_CANARY_PATH = '/dev/.seccompose-canary';

/** Top-level host directories replaced by fresh mounts instead of the host's. */
const FRESH = new Set(['proc', 'sys', 'dev', 'tmp']);

/** What the bundle's process runs with. */
export interface BundleProcess {
  args: string[];
  cwd: string;
  env: string[];
  caps: string[];
}

/** The host root, read-only: a bind mount per top-level directory, the top-level symlinks recreated. */
export async function hostRootMounts(rootfs: string, hostRoot = '/'): Promise<Record<string, unknown>[]> {
  const mounts: Record<string, unknown>[] = [];
  for (const entry of (await readdir(hostRoot)).sort()) {
    if (FRESH.has(entry)) continue;
    const path = join(hostRoot, entry);
    const info = await lstat(path);
    if (info.isSymbolicLink()) await symlink(await readlink(path), join(rootfs, entry));
    else if (info.isDirectory())
      mounts.push({ destination: `/${entry}`, type: 'bind', source: path, options: ['rbind', 'ro'] });
  }
  return mounts;
}

/** The fresh /proc, /dev (with the canary), /tmp and /sys of the bundle. */
export function freshMounts(canaryHostPath: string | undefined): Record<string, unknown>[] {
  return [
    { destination: '/proc', type: 'proc', source: 'proc' },
    {
      destination: '/dev',
      type: 'tmpfs',
      source: 'tmpfs',
      options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'],
    },
    {
      destination: '/dev/pts',
      type: 'devpts',
      source: 'devpts',
      options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620'],
    },
    {
      destination: '/dev/shm',
      type: 'tmpfs',
      source: 'shm',
      options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'],
    },
    ...(canaryHostPath
      ? [{ destination: HOST_CANARY_PATH, type: 'bind', source: canaryHostPath, options: ['bind', 'ro'] }]
      : []),
    { destination: '/tmp', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'nodev', 'mode=1777'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
  ];
}

/**
 * The OCI config.json of a host-command bundle (runtime-spec 1.0.2; runc 1.1 and crun read it).
 * The host's PID namespace and hostname are kept, so the command behaves as it did when recorded:
 * not PID 1 (which ignores an unhandled SIGTERM) and with a hostname its resolver knows.
 */
export function bundleConfig(
  process: BundleProcess,
  mounts: Record<string, unknown>[],
  seccomp: OciSeccomp | undefined,
): Record<string, unknown> {
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: process.args,
      env: process.env,
      cwd: process.cwd,
      capabilities: { bounding: process.caps, effective: process.caps, permitted: process.caps },
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: true },
    hostname: hostname(),
    mounts,
    linux: {
      namespaces: [{ type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
      ...(seccomp ? { seccomp } : {}),
    },
  };
}

/** Create `dir/rootfs` (once) and return its host-root mounts; add freshMounts() for a complete list. */
export async function prepareRootfs(dir: string): Promise<Record<string, unknown>[]> {
  const rootfs = join(dir, 'rootfs');
  await mkdir(rootfs, { recursive: true, mode: 0o755 });
  return hostRootMounts(rootfs);
}

/** Write config.json for one run. */
export async function writeBundleConfig(dir: string, config: Record<string, unknown>): Promise<void> {
  await writeFile(join(dir, 'config.json'), `${stringifyExact(config, 2)}\n`, { mode: 0o600 });
}
