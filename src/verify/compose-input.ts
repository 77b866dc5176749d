import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { InputError, messageOf } from '../errors.js';
import { readInput } from '../io/read-input.js';
import { parseCapabilityList } from '../kernel/capabilities.js';

/** What verify takes from a compose service: its seccomp profile path and its cap_add. */
export interface ComposeSandbox {
  /** The profile path, resolved against the fragment's directory (as Compose does). */
  profilePath: string;
  capAdd: string[];
  notes: string[];
}

const HINT =
  'pass the fragment `seccompose generate --compose FILE --service NAME` wrote (services.NAME.security_opt: [seccomp=...], cap_add: [...])';

/** Read `services.<service>` of a compose file or fragment: `security_opt: [seccomp=PATH]` and `cap_add`. */
export async function readComposeSandbox(file: string, service: string): Promise<ComposeSandbox> {
  const text = await readInput(file);
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid YAML: ${messageOf(error)}`, { hint: HINT, cause: error });
  }
  const services = (doc as { services?: Record<string, unknown> } | null)?.services;
  const entry = services?.[service] as { security_opt?: unknown; cap_add?: unknown; cap_drop?: unknown } | undefined;
  if (!entry || typeof entry !== 'object') {
    const known = services && typeof services === 'object' ? Object.keys(services).sort().join(', ') : 'none';
    throw new InputError(`${file}: no service ${JSON.stringify(service)} (services: ${known})`, { hint: HINT });
  }
  const seccomp = stringList(entry.security_opt, file, 'security_opt')
    .map((opt) => /^seccomp[=:](.+)$/.exec(opt)?.[1])
    .find((path) => path !== undefined);
  if (!seccomp) throw new InputError(`${file}: services.${service}.security_opt has no seccomp=PATH`, { hint: HINT });
  const notes: string[] = [];
  if (!stringList(entry.cap_drop, file, 'cap_drop').includes('ALL')) {
    notes.push(
      `${file}: services.${service} does not drop ALL capabilities; verify runs it with cap_drop: [ALL] plus its cap_add`,
    );
  }
  const profilePath =
    seccomp === 'unconfined' || isAbsolute(seccomp) ? seccomp : resolve(dirname(resolve(file)), seccomp);
  return { profilePath, capAdd: capList(stringList(entry.cap_add, file, 'cap_add'), file), notes };
}

function stringList(value: unknown, file: string, key: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new InputError(`${file}: ${key} must be a list of strings`, { hint: HINT });
  }
  return value as string[];
}

/** Checked, normalized capability names (CAP_*), sorted. */
export function capList(items: readonly string[], where: string): string[] {
  const list = parseCapabilityList(items);
  // A replay adds named capabilities after --cap-drop ALL: the keywords name no set here.
  const unknown = [...list.unknown, ...list.keywords];
  if (unknown.length > 0)
    throw new InputError(`${where}: unknown capability ${JSON.stringify(unknown[0])}`, {
      hint: 'capabilities are CHOWN, NET_BIND_SERVICE, ... (capabilities(7)); the CAP_ prefix is optional',
    });
  return list.names;
}
