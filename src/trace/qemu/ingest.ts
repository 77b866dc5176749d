import { createReadStream } from 'node:fs';
import { InputError, messageOf } from '../../errors.js';
import type { Observation } from '../../model/observation.js';
import type { SeccompArch } from '../../model/profile.js';
import { SyscallTally } from '../../observation/tally.js';
import { ingestedObservation } from '../ingested-observation.js';
import { QemuStraceParser } from './parse.js';

/** One qemu -strace input: a path, or `-` with the stream to read it from. */
export interface QemuInput {
  path: string;
  stream?: AsyncIterable<Buffer | string>;
}

async function feed(input: QemuInput, parser: QemuStraceParser): Promise<void> {
  const stream = input.stream ?? createReadStream(input.path, { highWaterMark: 1 << 18 });
  try {
    for await (const chunk of stream)
      parser.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'latin1'));
  } catch (error) {
    throw new InputError(`cannot read qemu -strace output ${input.path}: ${messageOf(error)}`, {
      hint: 'pass a readable file with the stderr of `qemu-ARCH-static -strace PROG`, or - for stdin',
      cause: error,
    });
  }
  parser.end();
}

/**
 * `record --from-strace` for qemu-user's `-strace` output: the guest's syscalls, all on `abi`
 * (qemu-aarch64 traces aarch64 calls; the output does not say which, so the user does).
 */
export async function ingestQemuStrace(inputs: readonly QemuInput[], abi: SeccompArch): Promise<Observation> {
  const tally = new SyscallTally();
  let recognized = 0;
  let exitCode: number | undefined;
  for (const input of inputs) {
    const parser = new QemuStraceParser(tally, abi);
    await feed(input, parser);
    recognized += parser.recognized;
    exitCode ??= parser.leaderExit;
  }
  const paths = inputs.map((i) => i.path);
  if (recognized === 0)
    throw new InputError(
      `${paths.join(', ')}: no qemu -strace lines found (expected lines like \`123 openat(AT_FDCWD,"/etc/passwd",O_RDONLY) = 3\`)`,
      {
        hint: 'pass the stderr of `qemu-aarch64-static -strace PROG` (2>trace.txt)',
      },
    );
  const backend = {
    name: 'strace' as const,
    version: 'qemu-user -strace (ingested output)',
    notes: [`ingested ${inputs.length} qemu-user -strace file(s) as ${abi} (--trace-arch)`],
  };
  return ingestedObservation(paths, backend, tally.toEvidence(), {
    interruptedAt: undefined,
    exit: { code: exitCode ?? null, signal: null },
  });
}
