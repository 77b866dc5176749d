import { UsageError } from '../errors.js';

/** Compose's service-name rule (compose-spec: `^[a-zA-Z0-9._-]+$`). */
const SERVICE_NAME = /^[a-zA-Z0-9._-]+$/;

/** Check a service name the way compose does; UsageError (exit 2) otherwise. */
export function checkServiceName(name: string, flag = '--service'): string {
  if (!SERVICE_NAME.test(name))
    throw new UsageError(
      `${flag} ${JSON.stringify(name)} is not a compose service name (letters, digits, '.', '_' and '-' only)`,
      { hint: 'use the service name as it appears under services: in compose.yaml' },
    );
  return name;
}

/** The environment-variable form of a service name: upper case, `-` and `.` → `_`. */
export function envName(service: string): string {
  return service.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** Compose's project-name rule: lower-case letters, digits, `-` and `_`, starting with a letter or digit. */
export function checkProjectName(name: string): string {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name))
    throw new UsageError(`-p ${JSON.stringify(name)} is not a compose project name`, {
      hint: 'lower-case letters, digits, - and _, starting with a letter or digit',
    });
  return name;
}

/** `-- docker-compose ...` / `-- docker compose ...` is a project, not a command to trace: say how to pass it. */
export function refuseComposeCommand(argv: readonly string[], command: 'record' | 'verify'): void {
  const [first, second] = argv;
  const v1 = first !== undefined && /(^|\/)docker-compose$/.test(first);
  const v2 = first !== undefined && /(^|\/)docker$/.test(first) && second === 'compose';
  if (!v1 && !v2) return;
  const example =
    command === 'record'
      ? 'seccompose record -f compose.yaml [-f more.yaml] [--service NAME] -o recordings/ [--exercise CMD]'
      : 'seccompose verify -f compose.yaml -f compose.seccomp.yaml [--exercise CMD]';
  throw new UsageError(
    `${command} takes a compose project with -f, not \`${argv.slice(0, v1 ? 2 : 3).join(' ')} ...\` after --`,
    {
      hint: `${example} (seccompose brings the project up itself)`,
    },
  );
}
