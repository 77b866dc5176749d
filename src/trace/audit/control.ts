import { access, constants, readFile } from 'node:fs/promises';
import { describeFailure, type Runner } from '../../exec/run.js';
import { EnvironmentError, SETUP_COMMAND } from '../../errors.js';

/** Where auditd writes unless auditd.conf says otherwise. */
export const DEFAULT_AUDIT_LOG = '/var/log/audit/audit.log';
const AUDITD_CONF = '/etc/audit/auditd.conf';
const CONTROL_TIMEOUT_MS = 15_000;

/** The kernel audit status (`auditctl -s`) fields seccompose looks at. */
export interface AuditStatus {
  enabled: number;
  /** pid of the registered audit daemon; 0 when none (records then go to the kernel log). */
  pid: number;
  lost: number;
  rateLimit: number;
  backlogLimit: number;
}

/** Read `auditctl -s`. */
export async function readAuditStatus(runner: Runner, signal?: AbortSignal): Promise<AuditStatus> {
  const result = await runner.run('auditctl', ['-s'], { timeoutMs: CONTROL_TIMEOUT_MS, signal });
  if (result.exitCode !== 0) {
    throw new EnvironmentError(`cannot read the audit status: ${describeFailure(result)}`, {
      hint: `the audit backend needs root and auditd: run \`${SETUP_COMMAND}\` as root`,
    });
  }
  const value = (key: string) => Number(new RegExp(`^${key} (\\d+)`, 'm').exec(result.stdout)?.[1] ?? 0);
  return {
    enabled: value('enabled'),
    pid: value('pid'),
    lost: value('lost'),
    rateLimit: value('rate_limit'),
    backlogLimit: value('backlog_limit'),
  };
}

/** `auditctl -v` → `3.0.9` (or the raw text when it has another shape). */
export async function readAuditVersion(runner: Runner, signal?: AbortSignal): Promise<string> {
  const result = await runner.run('auditctl', ['-v'], { timeoutMs: CONTROL_TIMEOUT_MS, signal });
  const text = `${result.stdout}${result.stderr}`.trim();
  return /version\s+(\S+)/.exec(text)?.[1] ?? text;
}

/** The log auditd writes (`log_file` in auditd.conf), default /var/log/audit/audit.log. */
export async function auditLogPath(): Promise<string> {
  try {
    const conf = await readFile(AUDITD_CONF, 'utf8');
    return /^\s*log_file\s*=\s*(\S+)/m.exec(conf)?.[1] ?? DEFAULT_AUDIT_LOG;
  } catch {
    return DEFAULT_AUDIT_LOG;
  }
}

/** Whether this process can read `path`. */
export async function isReadable(path: string): Promise<boolean> {
  try {
    await access(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** Syscalls whose audit records give every process's parent: exec and exit. */
const TREE_SYSCALLS = 'execve,execveat,exit_group';
/** Audit ABIs the rules are added for (b32 fails harmlessly where the kernel has no compat ABI). */
const RULE_ARCHES = ['b64', 'b32'] as const;

function ruleArgs(op: '-a' | '-d', arch: string, key: string): string[] {
  return [op, 'always,exit', '-F', `arch=${arch}`, '-S', TREE_SYSCALLS, '-F', `key=${key}`];
}

/**
 * Add the process-tree rules under `key` (unique per recording, so that removing them never
 * touches another recording's). Returns the arches whose rule was added.
 */
export async function addTreeRules(runner: Runner, key: string, signal?: AbortSignal): Promise<string[]> {
  const added: string[] = [];
  for (const arch of RULE_ARCHES) {
    const result = await runner.run('auditctl', ruleArgs('-a', arch, key), { timeoutMs: CONTROL_TIMEOUT_MS, signal });
    if (result.exitCode === 0) added.push(arch);
  }
  return added;
}

/** Remove the rules `addTreeRules` added. */
export async function removeTreeRules(runner: Runner, key: string, arches: readonly string[]): Promise<void> {
  for (const arch of arches) {
    await runner.run('auditctl', ruleArgs('-d', arch, key), { timeoutMs: CONTROL_TIMEOUT_MS });
  }
}

/** Write a USER record with `text` through the kernel's audit queue (an end-of-window marker). */
export async function writeMarker(runner: Runner, text: string, signal?: AbortSignal): Promise<boolean> {
  const result = await runner.run('auditctl', ['-m', text], { timeoutMs: CONTROL_TIMEOUT_MS, signal });
  return result.exitCode === 0;
}
