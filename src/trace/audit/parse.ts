import { decodeUntrusted, intField, isQuoted, parseFields, splitRecordHeader } from './fields.js';
import { readAction, readArch, readSyscall } from './interpreted.js';

/** A `type=SECCOMP` record: one syscall a seccomp filter logged (LOG) or acted on (KILL, ...). */
export interface SeccompRecord {
  kind: 'seccomp';
  serial: number;
  pid: number;
  comm: string;
  exe: string;
  /** AUDIT_ARCH as written (`c000003e`). */
  arch: string;
  syscall: number;
  /** The filter's return action (`0x7ffc0000` = SECCOMP_RET_LOG). */
  code: number;
  /** Audit session (4294967295 = unset). */
  ses: number;
}

/** A `type=SYSCALL` record (from audit rules): gives the process tree through pid/ppid. */
export interface SyscallRecord {
  kind: 'syscall';
  serial: number;
  pid: number;
  ppid: number;
  arch: string;
  syscall: number;
  comm: string;
}

/** A `type=EXECVE` record: the argv of an execve, tied to its SYSCALL record by serial. */
export interface ExecveRecord {
  kind: 'execve';
  serial: number;
  args: string[];
}

/** A `type=USER` record (e.g. `auditctl -m TEXT`): used as an end-of-window marker. */
export interface UserRecord {
  kind: 'user';
  serial: number;
  text: string;
}

/** Any other well-formed audit record (PROCTITLE, CONFIG_CHANGE, ...), kept only by type. */
export interface OtherRecord {
  kind: 'other';
  type: string;
}

/** A SECCOMP or SYSCALL record whose `arch=` is neither AUDIT_ARCH hex or decimal nor a machine name. */
export interface BadArchLine {
  kind: 'bad-arch';
  type: string;
  arch: string;
  text: string;
}

/** A line that is not an audit record, or a record missing fields its type requires. */
export interface GarbageLine {
  kind: 'garbage';
  text: string;
}

export type AuditLine =
  | SeccompRecord
  | SyscallRecord
  | ExecveRecord
  | UserRecord
  | OtherRecord
  | BadArchLine
  | GarbageLine;

/** SECCOMP_RET_LOG: the action seccompose's logging profile uses for every allowed call. */
export const SECCOMP_RET_LOG = 0x7ffc0000;
/** SECCOMP_RET_ALLOW (never logged by the kernel, listed for completeness). */
export const SECCOMP_RET_ALLOW = 0x7fff0000;

/** Parse one line of audit.log (the kernel log's `audit: type=1326 ...`, `ausearch -i` output). Never throws. */
export function parseAuditLine(line: string): AuditLine {
  const header = splitRecordHeader(line);
  if (!header) return { kind: 'garbage', text: line };
  const fields = parseFields(header.body);
  const arch = fields.get('arch');
  if ((header.type === 'SECCOMP' || header.type === 'SYSCALL') && arch !== undefined && readArch(arch) === undefined)
    return { kind: 'bad-arch', type: header.type, arch, text: line };
  switch (header.type) {
    case 'SECCOMP':
      return toSeccomp(header.serial, header.body, fields) ?? { kind: 'garbage', text: line };
    case 'SYSCALL':
      return toSyscall(header.serial, header.body, fields) ?? { kind: 'garbage', text: line };
    case 'EXECVE':
      return toExecve(header.serial, header.body, fields);
    case 'USER':
      return { kind: 'user', serial: header.serial, text: userText(fields.get('msg') ?? '') };
    default:
      return { kind: 'other', type: header.type };
  }
}

/** Raw (`arch=c000003e syscall=257 code=0x7ffc0000`) or interpreted (`arch=x86_64 syscall=openat code=log`). */
function toSeccomp(serial: number, body: string, fields: Map<string, string>): SeccompRecord | undefined {
  const pid = intField(fields, 'pid');
  const arch = readArch(fields.get('arch'));
  const syscall = arch === undefined ? undefined : readSyscall(fields.get('syscall'), arch);
  const code = readAction(fields.get('code'));
  if (pid === undefined || arch === undefined || syscall === undefined || code === undefined) return undefined;
  return {
    kind: 'seccomp',
    serial,
    pid,
    comm: decodeUntrusted(fields.get('comm'), isQuoted(body, 'comm') || arch.named) ?? '',
    exe: decodeUntrusted(fields.get('exe'), isQuoted(body, 'exe') || arch.named) ?? '',
    arch: arch.hex,
    syscall,
    code,
    ses: intField(fields, 'ses') ?? 4294967295,
  };
}

function toSyscall(serial: number, body: string, fields: Map<string, string>): SyscallRecord | undefined {
  const pid = intField(fields, 'pid');
  const ppid = intField(fields, 'ppid');
  const arch = readArch(fields.get('arch'));
  const syscall = arch === undefined ? undefined : readSyscall(fields.get('syscall'), arch);
  if (pid === undefined || ppid === undefined || syscall === undefined || arch === undefined) return undefined;
  const comm = decodeUntrusted(fields.get('comm'), isQuoted(body, 'comm') || arch.named) ?? '';
  return { kind: 'syscall', serial, pid, ppid, arch: arch.hex, syscall, comm };
}

function toExecve(serial: number, body: string, fields: Map<string, string>): ExecveRecord {
  const argc = intField(fields, 'argc') ?? 0;
  const args: string[] = [];
  for (let i = 0; i < Math.min(argc, 4096); i++) {
    const value = fields.get(`a${i}`);
    if (value === undefined) break;
    args.push(decodeUntrusted(value, isQuoted(body, `a${i}`)) ?? '');
  }
  return { kind: 'execve', serial, args };
}

/** `msg='text=seccompose-end-... exe=...'` → `seccompose-end-...` (the text auditctl -m sent). */
function userText(msg: string): string {
  const match = /(?:^|\s)text=(.*?)(?:\s+exe=|$)/.exec(msg);
  return match ? match[1]! : msg;
}
