import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InternalError, SETUP_COMMAND } from '../../errors.js';
import type { SeccompArch } from '../../model/profile.js';
import type { BackendEvidence, ContainerBackend, StartedContainer } from '../backend.js';
import { auditLogPath, isReadable, readAuditStatus, readAuditVersion } from './control.js';
import { logProfileJson, toLogProfile } from './log-profile.js';
import { KMSG_PATH } from './kmsg.js';
import { AuditRecording, type AuditSource } from './recording.js';
import type { Attribution } from './window.js';

/** How to get auditd going (the audit backend needs every SECCOMP record, not the kernel log's few). */
export const AUDITD_HINT =
  `start auditd with a large backlog and no rate limit: \`${SETUP_COMMAND}\` as root (or \`auditd && auditctl -b 65536 -r 0\`); ` +
  'to record anyway from the rate-limited kernel log (partial, most calls lost) set SECCOMPOSE_AUDIT_KMSG=1';
/** Opt-in for the kernel-log fallback when auditd is not running. */
export const KMSG_OPT_IN = 'SECCOMPOSE_AUDIT_KMSG';
const KMSG_WARNING = `!!! auditd is not running: recording from the kernel log, which the kernel rate-limits to a few records; the observation will be PARTIAL. Start auditd (\`${SETUP_COMMAND}\`) for a real recording.`;

/** The audit backend, plus what it saw the runtime do in the last recorded container. */
export interface AuditBackend extends ContainerBackend {
  /** Per-ABI names the runtime's init called after the filter (before exec'ing the entrypoint). */
  observedRuntimeSyscalls(): Partial<Record<SeccompArch, string[]>>;
}

/**
 * Records a container under its baseline profile with ALLOW turned into LOG, reads the
 * SECCOMP records auditd writes, and keeps those of the container's process tree (see
 * README "Backends → audit" for the attribution and its limits).
 */
export function createAuditBackend(): AuditBackend {
  let recording: AuditRecording | undefined;
  let runtime: Partial<Record<SeccompArch, string[]>> = {};
  let source: AuditSource | undefined;

  return {
    name: 'audit',
    async probe(context) {
      const status = await readAuditStatus(context.runner, context.signal).catch(() => undefined);
      if (!status)
        return { ok: false, reason: 'auditctl -s failed (auditd not installed, or not root)', hint: AUDITD_HINT };
      if (status.enabled === 0 || status.pid === 0) {
        if (process.env[KMSG_OPT_IN] === '1' && (await isReadable(KMSG_PATH))) {
          context.logger.warn(KMSG_WARNING);
          source = { kind: 'kmsg' };
          return { ok: true, version: 'kernel log (kmsg fallback, rate-limited)' };
        }
        return {
          ok: false,
          reason: `auditd is not running (audit enabled=${status.enabled}, daemon pid=${status.pid}); the kernel log alone is rate-limited to a few records`,
          hint: AUDITD_HINT,
        };
      }
      const log = await auditLogPath();
      if (!(await isReadable(log)))
        return { ok: false, reason: `${log} is not readable`, hint: 'run seccompose as root' };
      if (status.rateLimit !== 0)
        context.logger.warn(
          { rateLimit: status.rateLimit },
          'audit rate limit is set: records may be dropped (auditctl -r 0)',
        );
      source = { kind: 'auditd', logPath: log };
      return { ok: true, version: `auditd ${await readAuditVersion(context.runner, context.signal)}` };
    },

    async prepare(context, baseline) {
      const file = join(context.tempDir, 'audit-log-profile.json');
      await writeFile(file, logProfileJson(toLogProfile(baseline)), { mode: 0o600 });
      source ??= { kind: 'auditd', logPath: await auditLogPath() };
      recording = await AuditRecording.start(context.runner, context.logger, source, {
        signal: context.signal,
        onProgress: (window) => context.onProgress?.(window.activity.records),
      });
      return { dockerArgs: ['--security-opt', `seccomp=${file}`] };
    },

    async started() {
      // Nothing to do: the log is followed from before `docker run`, and attribution needs the exit.
    },

    async collect(context, target: StartedContainer) {
      if (!recording) throw new InternalError('audit backend: collect() was called before prepare()');
      const finished = await recording.finish(context.signal);
      // The kernel log has no process-tree records: keep every LOG record of the window there.
      const result = recording.fromKernelLog
        ? finished.window.attribute({ kind: 'all' })
        : finished.window.attribute({ kind: 'container', id: target.id, initPid: target.pid });
      runtime = runtimeNames(result);
      const incompleteReasons = [...finished.losses];
      if (result.rootPids.length === 0) {
        incompleteReasons.push(`no SECCOMP records of container ${target.id.slice(0, 12)} were found in the audit log`);
      }
      if (!recording.hasTreeRules && !recording.fromKernelLog) {
        incompleteReasons.push(
          'audit rules for the process tree could not be added: only the init process was attributed',
        );
      }
      const evidence = result.workload.toEvidence();
      evidence.diagnostics.lostEvents += finished.lostEvents;
      return {
        ...evidence,
        capabilities: {},
        notes: notesOf(result, finished.bytesRead),
        incompleteReasons,
      } satisfies BackendEvidence;
    },

    async dispose() {
      await recording?.stop();
    },

    observedRuntimeSyscalls() {
      return runtime;
    },
  };
}

/** Per-ABI sorted names from the runtime tally. */
export function runtimeNames(result: Pick<Attribution, 'runtime'>): Partial<Record<SeccompArch, string[]>> {
  const names: Partial<Record<SeccompArch, string[]>> = {};
  for (const [arch, uses] of Object.entries(result.runtime.toEvidence().syscalls)) {
    names[arch as SeccompArch] = Object.keys(uses ?? {}).sort();
  }
  return names;
}

function notesOf(result: Attribution, bytesRead: number): string[] {
  const runtimeCount = Object.values(runtimeNames(result)).reduce((n, list) => n + list.length, 0);
  return [
    `audit: ${result.records} SECCOMP records from ${result.processes} processes of the container (init pid ${result.rootPids.join(', ') || 'unknown'}); ${bytesRead} bytes of audit log read`,
    `audit: the runtime's init made ${runtimeCount} distinct syscalls after the filter was installed; kept apart from the workload`,
    `audit: ${result.excluded.records} SECCOMP records of ${result.excluded.processes} other processes in the window were left out`,
    'audit: calls the baseline denies with ERRNO are logged only when the engine passes SECCOMP_FILTER_FLAG_LOG (Docker 20.10 does not); KILL actions are always logged',
  ];
}
