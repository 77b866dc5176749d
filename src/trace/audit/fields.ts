/**
 * Field-level decoding of one Linux audit record line (auditd's log, the kernel log, or
 * `ausearch -i` output). auditd 3.x writes `log_format = ENRICHED`: the raw fields, then a 0x1d
 * (GS) byte, then the interpreted ones (`AUID="unset" ARCH=x86_64 ...`). Only the raw part is used.
 */
export const ENRICHED_SEPARATOR = '\u001d';

/** The record header: `type=NAME msg=audit(SECONDS.MILLIS:SERIAL):` (or `type=1326 audit(...)` in kmsg). */
export interface RecordHeader {
  /** Record type name (`SECCOMP`, `SYSCALL`, ...); numeric kmsg types are mapped where known. */
  type: string;
  serial: number;
  /** The raw `key=value ...` text after the header, enriched part removed. */
  body: string;
}

/** Numeric audit record types (include/uapi/linux/audit.h) that the kernel log prints instead of names. */
const NUMERIC_TYPES: ReadonlyMap<string, string> = new Map([
  ['1107', 'USER'],
  ['1300', 'SYSCALL'],
  ['1309', 'EXECVE'],
  ['1326', 'SECCOMP'],
  ['1327', 'PROCTITLE'],
  ['1701', 'ANOM_ABEND'],
]);

/**
 * `type=X msg=audit(1795771915.337:2066): ` (raw), `type=X msg=audit(11/27/26 09:31:55.337:2066) : `
 * (`ausearch -i`, local date and time) or `type=1326 audit(...): ` (kmsg).
 */
const HEADER =
  /(?:^|\s)type=([A-Za-z0-9_]+)\s+(?:msg=)?audit\((?:\d+(?:\.\d+)?|\d\d\/\d\d\/\d\d(?:\d\d)? \d\d:\d\d:\d\d(?:\.\d+)?):(\d+)\) ?:\s?/;

/**
 * The first interpreted field of an ENRICHED record whose 0x1d separator was lost (copied
 * through a tool that drops control bytes): `code=0x80000000AUID="root"`. Only these upper-case
 * keys start the interpreted part, and none can occur inside a raw value (hex-encoded values
 * use 0-9A-F only; quoted values are skipped by the caller).
 */
const GLUED_ENRICHED = /[^\s=]((?:AUID|UID|GID|ARCH|SYSCALL|SADDR|OUID|OGID)=)/g;

/** The raw part of a line: before the 0x1d separator, or before a glued interpreted field. */
function rawPart(line: string): string {
  const separator = line.indexOf(ENRICHED_SEPARATOR);
  if (separator >= 0) return line.slice(0, separator);
  GLUED_ENRICHED.lastIndex = 0;
  for (let m = GLUED_ENRICHED.exec(line); m; m = GLUED_ENRICHED.exec(line)) {
    const at = m.index + 1;
    if (line.slice(0, at).split('"').length % 2 === 1) return line.slice(0, at);
  }
  return line;
}

/** Split a line into its header and raw body; undefined when it is not an audit record. */
export function splitRecordHeader(line: string): RecordHeader | undefined {
  const raw = rawPart(line);
  const match = HEADER.exec(raw);
  if (!match) return undefined;
  const typeText = match[1]!;
  const type = NUMERIC_TYPES.get(typeText) ?? typeText;
  return { type, serial: Number(match[2]), body: raw.slice(match.index + match[0].length) };
}

/**
 * `key=value` pairs of a record body. Values are `"quoted"` (audit never escapes inside quotes),
 * `'single quoted'` (USER records' msg) or bare up to the next space. Later duplicates win.
 */
export function parseFields(body: string): Map<string, string> {
  const fields = new Map<string, string>();
  const token = /([A-Za-z0-9_-]+)=("[^"]*"?|'[^']*'?|\S*)/g;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    const value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      fields.set(m[1]!, value.slice(1, -1));
    } else {
      fields.set(m[1]!, value);
    }
  }
  return fields;
}

/**
 * Untrusted strings (comm, exe, execve args) are written quoted when printable, otherwise as
 * bare upper-case hex (`comm=2F62696E2073683F`). Decode the hex form; `(null)` stays as is.
 */
export function decodeUntrusted(value: string | undefined, wasQuoted: boolean): string | undefined {
  if (value === undefined) return undefined;
  if (wasQuoted || value.length % 2 !== 0 || !/^[0-9A-F]+$/.test(value)) return value;
  return Buffer.from(value, 'hex').toString('utf8');
}

/** Whether `key`'s value was quoted in `body` (then it is literal, not hex). */
export function isQuoted(body: string, key: string): boolean {
  const at = body.indexOf(` ${key}=`);
  const start = at >= 0 ? at + key.length + 2 : body.startsWith(`${key}=`) ? key.length + 1 : -1;
  return start >= 0 && body[start] === '"';
}

/** Parse an integer field written in decimal (or `0x` hex); undefined when absent or malformed. */
export function intField(fields: Map<string, string>, key: string): number | undefined {
  const text = fields.get(key);
  if (text === undefined) return undefined;
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  return undefined;
}
