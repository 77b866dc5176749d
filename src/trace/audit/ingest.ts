import { InputError, InterruptedError, messageOf } from '../../errors.js';
import { consumeInput, openInput, type InputLabel } from '../../io/open-input.js';
import { observationSchema, type Observation } from '../../model/observation.js';
import { ingestedObservation } from '../ingested-observation.js';
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
  let interruptedAt: string | undefined;
  for (const path of paths) {
    if (await readInto(path, window)) {
      interruptedAt = path;
      break;
    }
  }
  const target = targetOf(options);
  const result = window.attribute(target);
  if (result.records === 0 && interruptedAt !== undefined) {
    throw new InterruptedError(`interrupted before any SECCOMP record${describeTarget(target)} arrived`);
  }
  if (result.records === 0) throw noRecords(paths, target, window);
  const runtime = runtimeNames(result);
  const evidence = result.workload.toEvidence();
  const backend = {
    name: 'audit' as const,
    version: 'audit log',
    notes: [
      `audit: ${result.records} SECCOMP records from ${result.processes} processes${describeTarget(target)}; ${result.excluded.records} records of ${result.excluded.processes} other processes left out`,
    ],
  };
  return observationSchema.parse({
    ...ingestedObservation(paths, backend, evidence, { interruptedAt, exit: { code: null, signal: null } }),
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

const AUDIT_INPUT: InputLabel = {
  what: 'audit log',
  hint: 'pass a readable audit log (as root: /var/log/audit/audit.log), or - for stdin',
};

/** Stream one log into the window; true when the first SIGINT/SIGTERM cut it short (what was read counts). */
async function readInto(path: string, window: AuditWindow): Promise<boolean> {
  const splitter = new LineSplitter();
  const stream = await openInput(path, AUDIT_INPUT);
  const before = window.lines;
  let interrupted: boolean;
  try {
    ({ interrupted } = await consumeInput(
      stream,
      (chunk) => {
        for (const line of splitter.push(chunk)) window.addLine(line);
      },
      'end',
    ));
    for (const line of splitter.end()) window.addLine(line);
  } catch (error) {
    throw new InputError(`cannot read audit log ${path}: ${messageOf(error)}`, {
      hint: AUDIT_INPUT.hint,
      cause: error,
    });
  }
  if (window.badArch) throw badArch(path, window.badArch.line - before, window.badArch);
  return interrupted;
}

/** A record's arch is none of the forms audit tools write: refuse the log rather than drop its records. */
function badArch(path: string, line: number, record: { type: string; arch: string }): InputError {
  return new InputError(
    `${path === '-' ? 'stdin' : path} line ${line}: the ${record.type} record's arch=${JSON.stringify(record.arch).slice(1, -1)} is not an audit architecture`,
    {
      hint: 'arch= must be the AUDIT_ARCH value in hex as the kernel writes it (arch=c000003e), the same in decimal (arch=3221225534) or a machine name as ausearch -i prints it (arch=x86_64)',
    },
  );
}
