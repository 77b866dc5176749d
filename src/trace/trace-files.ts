import { InputError } from '../errors.js';
import type { Observation } from '../model/observation.js';
import type { SeccompArch } from '../model/profile.js';
import { detectTraceFormat, peekStream, readHead, type TraceFormat } from './qemu/detect.js';

/** How `record --from-strace` reads its inputs. */
export interface TraceFilesOptions {
  /** The ABI the traces were taken on (--trace-arch); required for qemu -strace output. */
  traceArch?: SeccompArch;
  /** Where `-` reads from (default: process.stdin). */
  stdin?: AsyncIterable<Buffer | string>;
}

const QEMU_ARCH_HINT =
  'pass --trace-arch with the ABI of the qemu you ran, e.g. --trace-arch aarch64 for qemu-aarch64-static';

/**
 * `record --from-strace FILE...|-`: strace output, or qemu-user's `-strace` output (told apart
 * by the first 64 KiB of each input; all inputs must be of one kind). Files that are neither are
 * left to the strace reader, which says what it expected.
 */
export async function ingestTraceFiles(paths: string[], options: TraceFilesOptions = {}): Promise<Observation> {
  const stdin = paths.includes('-') ? await peekStream(options.stdin ?? process.stdin) : undefined;
  const formats: TraceFormat[] = [];
  for (const path of paths)
    formats.push(detectTraceFormat(path === '-' ? stdin!.head : await readHead(path).catch(() => '')));
  const qemu = paths.filter((_, i) => formats[i] === 'qemu');
  if (qemu.length === 0) {
    const { ingestStraceFiles } = await import('./strace/ingest.js');
    return ingestStraceFiles(paths, {
      ...(options.traceArch ? { native: options.traceArch } : {}),
      ...(stdin ? { stdin: stdin.replay } : {}),
    });
  }
  if (qemu.length !== paths.length)
    throw new InputError(
      `--from-strace got qemu -strace output (${qemu.join(', ')}) mixed with strace output (${paths.filter((p) => !qemu.includes(p)).join(', ')})`,
      { hint: 'record each kind into its own observation; generate merges observations' },
    );
  if (options.traceArch === undefined)
    throw new InputError(`${qemu.join(', ')}: qemu -strace output does not say which ABI it traced`, {
      hint: QEMU_ARCH_HINT,
    });
  const { ingestQemuStrace } = await import('./qemu/ingest.js');
  return ingestQemuStrace(
    paths.map((path) => (path === '-' ? { path, stream: stdin!.replay } : { path })),
    options.traceArch,
  );
}
