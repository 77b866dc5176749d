import { dirname, isAbsolute, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { CAPABILITIES, DOCKER_DEFAULT_CAPS, normalizeCapability } from '../kernel/capabilities.js';

/** One compose service's sandbox settings, as Compose hands them to dockerd. */
export interface ServiceSandbox {
  service: string;
  /** The seccomp profile path resolved against the compose file's directory; `docker-default` when none is set. */
  profile: string;
  caps: string[];
}

const HINT =
  'pass a compose file or override with services.NAME.security_opt: [seccomp=PATH] (as `seccompose generate --compose` writes)';

/**
 * Every service of a parsed compose document: its seccomp profile (security_opt seccomp=PATH,
 * Docker's default when absent) and its effective capabilities (Docker's 14, minus cap_drop
 * (ALL drops every one), plus cap_add (ALL adds every one)).
 */
export function readServices(doc: unknown, file: string): ServiceSandbox[] {
  const services = (doc as { services?: unknown } | null)?.services;
  if (
    services === null ||
    typeof services !== 'object' ||
    Array.isArray(services) ||
    Object.keys(services).length === 0
  )
    throw new InputError(`${file}: no services`, { hint: HINT });
  return Object.entries(services as Record<string, unknown>)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([service, entry]) => readService(service, entry, file));
}

function readService(service: string, entry: unknown, file: string): ServiceSandbox {
  const where = `${file}: services.${service}`;
  const fields = (entry ?? {}) as { security_opt?: unknown; cap_add?: unknown; cap_drop?: unknown };
  const seccomp = strings(fields.security_opt, `${where}.security_opt`)
    .map((opt) => /^seccomp[=:](.+)$/.exec(opt)?.[1])
    .find((path) => path !== undefined);
  if (seccomp === 'unconfined')
    throw new InputError(`${where} runs seccomp=unconfined: there is no profile to compare or report`, {
      hint: 'point security_opt at a profile file (seccomp=./profile.json)',
    });
  const drop = strings(fields.cap_drop, `${where}.cap_drop`);
  const dropAll = drop.some((d) => d.toUpperCase() === 'ALL');
  const dropped = dropAll ? [] : capList(drop, `${where}.cap_drop`);
  const base = dropAll ? [] : DOCKER_DEFAULT_CAPS.filter((c) => !dropped.includes(c));
  const add = strings(fields.cap_add, `${where}.cap_add`);
  const added = add.some((c) => c.toUpperCase() === 'ALL')
    ? CAPABILITIES.map((c) => c.name)
    : capList(add, `${where}.cap_add`);
  const profile =
    seccomp === undefined ? 'docker-default' : isAbsolute(seccomp) ? seccomp : resolve(dirname(resolve(file)), seccomp);
  return { service, profile, caps: [...new Set([...base, ...added])].sort() };
}

function strings(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new InputError(`${where} must be a list of strings`, { hint: HINT });
  return value as string[];
}

/** Checked CAP_* names; compose accepts them with or without the prefix, in any case. */
function capList(items: readonly string[], where: string): string[] {
  return items.map((item) => {
    const name = normalizeCapability(item);
    if (name === undefined)
      throw new InputError(`${where}: unknown capability ${JSON.stringify(item)}`, {
        hint: 'capabilities are CHOWN, NET_BIND_SERVICE, … (capabilities(7)); the CAP_ prefix is optional',
      });
    return name;
  });
}
