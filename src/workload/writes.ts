import { lstat, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ContainerState } from '../engine/docker.js';
import type { FilesystemChange } from '../engine/diff.js';

/** Where a container wrote outside its volumes, as `--harden` needs it. */
export interface WriteEvidence {
  source: string;
  /** Directories it created, deleted or changed files in, with how many files the image has under them. */
  dirs: { path: string; imageEntries: number }[];
  /** Files of the image it changed in place (a tmpfs over their directory would hide the original). */
  modifiedImageFiles: string[];
}

/**
 * Turn `docker diff` into the directories that must stay writable: for an added path, the
 * nearest directory above it that the image already had; for a deleted one, its directory; for
 * a changed directory (a file created and removed again leaves only that), itself; a changed
 * file is an image file modified in place. Directory-or-file comes from overlay2's writable
 * layer, the image's entries from its layers below. Mount points and what is under them are left out.
 */
export async function writeEvidence(
  all: readonly FilesystemChange[],
  state: ContainerState,
  mountTargets: readonly string[] = [],
): Promise<WriteEvidence> {
  // Docker creates mount points (and the directories above them) in the writable layer: not the workload's writes.
  const mounts = [...(state.mounts ?? []), ...mountTargets];
  const changes = all.filter(
    (c) => !mounts.some((m) => m === c.path || m.startsWith(`${c.path}/`) || c.path.startsWith(`${m}/`)),
  );
  const added = new Set(changes.filter((c) => c.kind === 'A').map((c) => c.path));
  const leaves = changes.filter((c) => !changes.some((o) => o.path.startsWith(`${c.path}/`)));
  const dirs = new Set<string>();
  const modified: string[] = [];
  for (const change of leaves) {
    if (change.kind === 'A') {
      let dir = dirname(change.path);
      while (added.has(dir)) dir = dirname(dir);
      dirs.add(dir);
    } else if (change.kind === 'D') dirs.add(dirname(change.path));
    else if (await isDirectory(state, change.path)) dirs.add(change.path);
    else modified.push(change.path);
  }
  const outermost = [...dirs].filter((d) => ![...dirs].some((o) => o !== d && (o === '/' || d.startsWith(`${o}/`))));
  return {
    source: state.layers ? 'docker diff + overlay2 layers' : 'docker diff',
    dirs: await Promise.all(
      outermost.sort().map(async (path) => ({ path, imageEntries: await imageEntries(state, path) })),
    ),
    modifiedImageFiles: modified.sort(),
  };
}

async function isDirectory(state: ContainerState, path: string): Promise<boolean> {
  if (!state.layers) return false;
  try {
    return (await lstat(join(state.layers.upper, path))).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Distinct files (anything but a directory) under `path` across the image layers, down to
 * IMAGE_DEPTH levels: what a tmpfs there would hide (empty directories such as /run/lock are
 * not counted). -1 when the layers are unknown.
 */
async function imageEntries(state: ContainerState, path: string): Promise<number> {
  if (!state.layers) return -1;
  const files = new Set<string>();
  const walk = async (layer: string, rel: string, depth: number): Promise<void> => {
    const entries = await readdir(join(layer, rel), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = `${rel}/${entry.name}`;
      if (!entry.isDirectory()) files.add(child);
      else if (depth < IMAGE_DEPTH) await walk(layer, child, depth + 1);
      else files.add(`${child}/…`);
    }
  };
  for (const layer of state.layers.lower) await walk(layer, path === '/' ? '' : path, 0);
  return files.size;
}

/** How deep `imageEntries` looks; deeper trees count as one entry (they are not empty). */
const IMAGE_DEPTH = 4;
