import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SeccompArch } from '../../../../src/model/profile.js';
import { SyscallTally } from '../../../../src/observation/tally.js';
import { StraceParser } from '../../../../src/trace/strace/parse.js';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/strace-6.1/', import.meta.url));

/** Read a fixture of real strace 6.1 output (see test/fixtures/strace-6.1/capture.sh). */
export function fixture(name: string): Buffer {
  return readFileSync(`${FIXTURES}${name}`);
}

/** Parse text given in chunks; returns the parser (with its tally) after end(). */
export function parseChunks(
  chunks: (string | Buffer)[],
  options: { native?: SeccompArch; pid?: number } = {},
): StraceParser {
  const parser = new StraceParser(new SyscallTally(), {
    native: options.native ?? 'SCMP_ARCH_X86_64',
    pid: options.pid,
  });
  for (const chunk of chunks) parser.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
  parser.end();
  return parser;
}

/** Parse lines (joined with newlines). */
export function parseLines(lines: string[], options: { native?: SeccompArch; pid?: number } = {}): StraceParser {
  return parseChunks([`${lines.join('\n')}\n`], options);
}

/** The syscall names per ABI, sorted. */
export function namesOf(parser: StraceParser): Record<string, string[]> {
  const evidence = parser.tally.toEvidence();
  return Object.fromEntries(Object.entries(evidence.syscalls).map(([arch, m]) => [arch, Object.keys(m!).sort()]));
}
