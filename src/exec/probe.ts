import { SETUP_COMMAND } from '../errors.js';
import { CommandStartError, type Runner } from './run.js';

/** Whether a tool can run here, and its version; when not, why and what to do. */
export type ToolProbe = { ok: true; version: string } | { ok: false; reason: string; hint: string };

export interface ToolProbeSpec {
  file: string;
  args: readonly string[];
  /** First capture group is the version, matched against stdout then stderr. */
  pattern: RegExp;
  /** What to do when the tool is missing or broken. */
  hint: string;
  signal?: AbortSignal;
}

const SETUP_HINT = `run \`${SETUP_COMMAND}\` as root to install and start what seccompose needs`;

/** Run `file args` (e.g. `strace -V`) and extract its version; never throws for a missing tool. */
export async function probeTool(runner: Runner, spec: ToolProbeSpec): Promise<ToolProbe> {
  try {
    const result = await runner.run(spec.file, spec.args, { timeoutMs: 30_000, signal: spec.signal });
    if (result.exitCode !== 0) {
      const detail = (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
      return { ok: false, reason: `\`${result.command}\` failed${detail ? `: ${detail}` : ''}`, hint: spec.hint };
    }
    const match = spec.pattern.exec(result.stdout) ?? spec.pattern.exec(result.stderr);
    return { ok: true, version: match?.[1] ?? 'unknown' };
  } catch (error) {
    if (error instanceof CommandStartError) {
      const reason = error.missing ? `${spec.file} is not installed` : error.message;
      return { ok: false, reason, hint: spec.hint };
    }
    throw error;
  }
}

/** The version probes of the tools seccompose drives. */
export const TOOL_PROBES = {
  strace: { file: 'strace', args: ['-V'], pattern: /strace -- version (\S+)/, hint: SETUP_HINT },
  bpftrace: { file: 'bpftrace', args: ['--version'], pattern: /bpftrace v?(\S+)/, hint: SETUP_HINT },
  auditctl: { file: 'auditctl', args: ['-v'], pattern: /auditctl version (\S+)/, hint: SETUP_HINT },
  runc: { file: 'runc', args: ['--version'], pattern: /runc version (\S+)/, hint: SETUP_HINT },
  crun: { file: 'crun', args: ['--version'], pattern: /crun version (\S+)/, hint: SETUP_HINT },
} as const satisfies Record<string, Omit<ToolProbeSpec, 'signal'>>;
