import type { SyscallTally } from '../../observation/tally.js';
import {
  ADDRESS_FAMILIES,
  CLONE_FLAGS,
  decodeSymbolic,
  PERSONALITIES,
  PRCTL_OPTIONS,
  SOCKET_PROTOCOLS,
  SOCKET_TYPES,
  type SymbolTable,
} from './symbols.js';

/** Syscalls whose arguments seccompose decodes from strace's text (the rest are never looked at). */
export const DECODED_SYSCALLS: ReadonlySet<string> = new Set([
  'clone',
  'clone3',
  'unshare',
  'socket',
  'personality',
  'prctl',
  'bind',
]);

/**
 * Record the argument values the profile can filter on, from the text after `name(`:
 * clone/unshare flags (arg 0), clone3's `{flags=...}` (kept as arg 0: the flags field of struct
 * clone_args, which seccomp cannot filter), socket domain/type/protocol (args 0-2), personality
 * (arg 0), prctl option (arg 0) and bind() ports. Values strace printed in a form we cannot
 * decode are skipped (the syscall itself is still counted).
 */
export function decodeArgs(name: string, args: string, tally: SyscallTally): void {
  switch (name) {
    case 'clone':
    case 'clone3':
      return addFlags(tally, name, namedOrFirst(args, 'flags='), CLONE_FLAGS);
    case 'unshare':
      return addFlags(tally, name, firstArgs(args, 1)[0], CLONE_FLAGS);
    case 'socket': {
      const [domain, type, protocol] = firstArgs(args, 3);
      addValue(tally, name, 0, domain, ADDRESS_FAMILIES);
      addValue(tally, name, 1, type, SOCKET_TYPES);
      addValue(tally, name, 2, protocol, SOCKET_PROTOCOLS);
      return;
    }
    case 'personality':
      return addValue(tally, name, 0, firstArgs(args, 1)[0], PERSONALITIES);
    case 'prctl':
      return addValue(tally, name, 0, firstArgs(args, 1)[0], PRCTL_OPTIONS);
    case 'bind': {
      const port = bindPort(args);
      if (port !== undefined && port > 0) tally.addBindPort(port);
      return;
    }
  }
}

function addFlags(tally: SyscallTally, name: string, text: string | undefined, symbols: SymbolTable): void {
  addValue(tally, name, 0, text, symbols);
}

function addValue(
  tally: SyscallTally,
  name: string,
  index: number,
  text: string | undefined,
  symbols: SymbolTable,
): void {
  if (text === undefined) return;
  const value = decodeSymbolic(text, symbols);
  if (value !== undefined) tally.addArg(name, index, value);
}

/** `child_stack=NULL, flags=CLONE_VM|SIGCHLD, ...` → the `flags=` value; else the first argument. */
function namedOrFirst(args: string, key: string): string | undefined {
  const at = args.indexOf(key);
  if (at < 0) return firstArgs(args, 1)[0];
  return firstArgs(args.slice(at + key.length), 1)[0];
}

/** The first `max` top-level arguments (commas inside braces, brackets, parens and quotes ignored). */
export function firstArgs(args: string, max: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < args.length && out.length < max; i++) {
    const c = args[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      if (depth === 0) {
        out.push(args.slice(start, i).trim());
        return out;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      out.push(args.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (out.length < max) {
    const rest = args
      .slice(start)
      .replace(/\s*<unfinished \.\.\.>\s*$/, '')
      .trim();
    if (rest) out.push(rest);
  }
  return out;
}

const HTONS_PORT = /sin6?_port=htons\((\d+)\)/;
const RAW_PORT = /sin6?_port="\\x([0-9a-f]{2})\\x([0-9a-f]{2})"/i;

/** `sin_port=htons(80)` (or `-X raw`'s `sin_port="\x00\x50"`) → 80. */
export function bindPort(args: string): number | undefined {
  const symbolic = HTONS_PORT.exec(args);
  if (symbolic) return Number(symbolic[1]);
  const raw = RAW_PORT.exec(args);
  if (raw) return Number.parseInt(raw[1]!, 16) * 256 + Number.parseInt(raw[2]!, 16);
  return undefined;
}
