import { createReadStream } from 'node:fs';
import { InputError, messageOf } from '../../errors.js';
import type { Observation } from '../../model/observation.js';
import { OBSERVATION_KIND, OBSERVATION_VERSION } from '../../model/observation-format.js';
import type { SeccompArch } from '../../model/profile.js';
import { SyscallTally } from '../../observation/tally.js';
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
  const evidence = tally.toEvidence();
  // Built typed, not parsed: the type is the schema's output, and the schema (zod) stays unloaded.
  const observation: Observation = {
    kind: OBSERVATION_KIND,
    version: OBSERVATION_VERSION,
    workload: { kind: 'trace-files', files: paths },
    backend: {
      name: 'strace',
      version: 'qemu-user -strace (ingested output)',
      notes: [`ingested ${inputs.length} qemu-user -strace file(s) as ${abi} (--trace-arch)`],
    },
    complete: true,
    incompleteReasons: [],
    exit: { code: exitCode ?? null, signal: null },
    durationMs: 0,
    syscalls: evidence.syscalls,
    blocked: evidence.blocked,
    args: evidence.args,
    bindPorts: evidence.bindPorts,
    capabilities: {},
    diagnostics: evidence.diagnostics,
  };
  return observation;
}
