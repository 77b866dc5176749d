import { describeFailure, type Runner } from '../exec/run.js';
import { ExitCode, ToolError } from '../errors.js';

/** One line of `docker diff`: a path Added, Changed or Deleted in the container's writable layer. */
export interface FilesystemChange {
  kind: 'A' | 'C' | 'D';
  path: string;
}

/** `docker diff ID`, parsed (the container may have stopped, it must not be removed yet). */
export async function containerDiff(runner: Runner, id: string): Promise<FilesystemChange[]> {
  const result = await runner.run('docker', ['diff', id], { timeoutMs: 60_000 });
  if (result.exitCode !== 0)
    throw new ToolError(
      `cannot list the files container ${id} wrote: ${describeFailure(result)}`,
      ExitCode.environment,
    );
  return parseDiff(result.stdout);
}

/** Parse `docker diff` output (`C /run`, `A /run/x.pid`). */
export function parseDiff(text: string): FilesystemChange[] {
  const out: FilesystemChange[] = [];
  for (const line of text.split('\n')) {
    const match = /^([ACD]) (\/.*)$/.exec(line);
    if (match) out.push({ kind: match[1] as FilesystemChange['kind'], path: match[2]! });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
