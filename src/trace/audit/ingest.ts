import { createReadStream } from 'node:fs';
import { InputError, messageOf } from '../../errors.js';
import { OBSERVATION_KIND, OBSERVATION_VERSION, observationSchema, type Observation } from '../../model/observation.js';
import { runtimeNames } from './backend.js';
import { LineSplitter } from './lines.js';
import { AuditWindow, type AttributionTarget } from './window.js';

/** Which records of existing audit logs to keep. */
export interface IngestAuditOptions {
  /** Keep these processes and their descendants (as far as the log's SYSCALL records link them). */
  pids?: number[];
  /** Keep processes that ran under this command name, and their descendants. */
  comm?: string;
}

/**
 * `seccompose record --from-audit FILE...`: read audit logs someone already has (auditd's
 * audit.log, rotated generations, `ausearch --raw` output, or `dmesg` lines) and turn their
 * SECCOMP records into an observation. Without a filter every SECCOMP record counts; records
 * of a runtime's init before it exec'd the entrypoint go to `runtime`, not the workload.
 */
export async function ingestAuditLog(paths: string[], options: IngestAuditOptions = {}): Promise<Observation> {
  const window = new AuditWindow();
  for (const path of paths) await readInto(path, window);
  const target = targetOf(options);
  const result = window.attribute(target);
  if (result.records === 0) throw noRecords(paths, target, window);
  const runtime = runtimeNames(result);
  const evidence = result.workload.toEvidence();
  return observationSchema.parse({
    kind: OBSERVATION_KIND,
    version: OBSERVATION_VERSION,
    workload: { kind: 'trace-files', files: paths },
    backend: {
      name: 'audit',
      version: 'audit log',
      notes: [
        `audit: ${result.records} SECCOMP records from ${result.processes} processes${describeTarget(target)}; ${result.excluded.records} records of ${result.excluded.processes} other processes left out`,
      ],
    },
    complete: true,
    incompleteReasons: [],
    exit: { code: null, signal: null },
    durationMs: 0,
    ...evidence,
    ...(Object.keys(runtime).length > 0
      ? { runtime: { source: `observed in ${paths.join(', ')}: runtime init before exec`, syscalls: runtime } }
      : {}),
  });
}

/** Nothing to read: say whether SECCOMP-like lines were there but unreadable (mail-quoted, wrapped, cut). */
function noRecords(paths: string[], target: AttributionTarget, window: AuditWindow): InputError {
  const where = `${describeTarget(target)} in ${paths.join(', ')}`;
  if (window.seccompLike === 0 || window.activity.records > 0) {
    return new InputError(`no SECCOMP records${where}`, {
      hint: 'record the workload under a profile whose allowed calls use SCMP_ACT_LOG, with auditd running (`auditctl -s`), and pass that audit.log',
    });
  }
  const first = window.seccompLikeSamples.map((s) => `line ${s.line}: ${JSON.stringify(s.text)}`).join('; ');
  return new InputError(
    `no readable SECCOMP records${where}: ${window.seccompLike} line(s) look like SECCOMP records but could not be parsed (first: ${first}); a record is one line \`type=SECCOMP msg=audit(...): ... arch=c000003e syscall=257 ... code=0x7ffc0000\``,
    {
      hint: 'pass the audit log as auditd wrote it (one record per line: not quoted with "> ", not re-wrapped), e.g. /var/log/audit/audit.log or `ausearch -m SECCOMP --raw` output',
    },
  );
}

function targetOf(options: IngestAuditOptions): AttributionTarget {
  if (options.pids && options.pids.length > 0) return { kind: 'pids', pids: options.pids };
  if (options.comm) return { kind: 'comm', comm: options.comm };
  return { kind: 'all' };
}

function describeTarget(target: AttributionTarget): string {
  if (target.kind === 'pids') return ` for pid ${target.pids.join(', ')}`;
  if (target.kind === 'comm') return ` for comm "${target.comm}"`;
  return '';
}

async function readInto(path: string, window: AuditWindow): Promise<void> {
  const splitter = new LineSplitter();
  const stream = path === '-' ? process.stdin : createReadStream(path);
  try {
    for await (const chunk of stream) {
      for (const line of splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk))))
        window.addLine(line);
    }
  } catch (error) {
    throw new InputError(`cannot read audit log ${path}: ${messageOf(error)}`, {
      hint: 'pass a readable audit log (as root: /var/log/audit/audit.log), or - for stdin',
      cause: error,
    });
  }
  for (const line of splitter.end()) window.addLine(line);
}
