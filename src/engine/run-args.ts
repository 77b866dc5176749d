import { OWNER_LABEL, ownTag } from '../state/owner.js';
import { UsageError } from '../errors.js';
import { BOOLEAN_FLAGS, SHORT_FLAGS, VALUE_FLAGS } from './run-flags.js';

/** Label put on every container seccompose starts, so tests and cleanup can find them. */
export const RECORDING_LABEL = 'io.seccompose.recording';

/** The user's `docker run`, understood: what seccompose keeps, drops and must know. */
export interface DockerRunSpec {
  /** The user's options exactly as written (everything before the image). */
  options: string[];
  image: string;
  command: string[];
  /** `--name` when the user gave one. */
  name: string | undefined;
  /** `--runtime` when the user gave one (else the engine's default runtime applies). */
  runtime: string | undefined;
  noNewPrivileges: boolean;
  /** Options passed on to `docker run`, one flag per token group, in canonical long form. */
  passthrough: string[];
  /** Options seccompose handles itself and removed, with why (for notes). */
  dropped: string[];
}

interface ParsedOption {
  flag: string;
  value: string;
}

const USAGE_HINT = 'write the workload after -- as: docker run [OPTIONS] IMAGE [COMMAND...]';

/** Parse `docker run [OPTIONS] IMAGE [CMD...]` (also `docker container run`), refusing what seccompose cannot honour. */
export function parseDockerRun(argv: readonly string[]): DockerRunSpec {
  const rest = stripDockerRun(argv);
  const { parsed, imageIndex } = parseOptions(rest);
  const image = rest[imageIndex];
  if (image === undefined) throw new UsageError('`docker run` has no image', { hint: USAGE_HINT });
  const spec: DockerRunSpec = {
    options: rest.slice(0, imageIndex).filter((token, i, all) => !(token === '--' && i === all.length - 1)),
    image,
    command: rest.slice(imageIndex + 1),
    name: undefined,
    runtime: undefined,
    noNewPrivileges: false,
    passthrough: [],
    dropped: [],
  };
  for (const option of parsed) applyOption(spec, option);
  return spec;
}

function stripDockerRun(argv: readonly string[]): readonly string[] {
  const [first, second, third] = argv;
  const isDocker = first !== undefined && /(^|\/)docker$/.test(first);
  if (isDocker && second === 'run') return argv.slice(2);
  if (isDocker && second === 'container' && third === 'run') return argv.slice(3);
  throw new UsageError(`expected \`docker run ...\` after \`--\`, got \`${argv.slice(0, 3).join(' ')}\``, {
    hint: `${USAGE_HINT}\n  or, for a plain command (strace backend): seccompose record -o obs.json -- COMMAND [ARGS...]`,
  });
}

function parseOptions(tokens: readonly string[]): { parsed: ParsedOption[]; imageIndex: number } {
  const parsed: ParsedOption[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (token === '--') return { parsed, imageIndex: i + 1 };
    if (!token.startsWith('-') || token === '-') return { parsed, imageIndex: i };
    i = token.startsWith('--') ? parseLong(tokens, i, parsed) : parseShortCluster(tokens, i, parsed);
  }
  return { parsed, imageIndex: tokens.length };
}

function parseLong(tokens: readonly string[], i: number, out: ParsedOption[]): number {
  const token = tokens[i]!;
  const eq = token.indexOf('=');
  const flag = eq === -1 ? token : token.slice(0, eq);
  const inline = eq === -1 ? undefined : token.slice(eq + 1);
  if (VALUE_FLAGS.has(flag)) {
    if (inline !== undefined) {
      out.push({ flag, value: inline });
      return i + 1;
    }
    out.push({ flag, value: requireValue(tokens, i, flag) });
    return i + 2;
  }
  if (BOOLEAN_FLAGS.has(flag)) {
    out.push({ flag, value: inline ?? 'true' });
    return i + 1;
  }
  throw unknownFlag(flag);
}

function parseShortCluster(tokens: readonly string[], i: number, out: ParsedOption[]): number {
  const token = tokens[i]!;
  for (let j = 1; j < token.length; j++) {
    const letter = token[j]!;
    const flag = SHORT_FLAGS[letter];
    if (flag === undefined) throw unknownFlag(`-${letter}`);
    if (!VALUE_FLAGS.has(flag)) {
      out.push({ flag, value: 'true' });
      continue;
    }
    const attached = token.slice(j + 1).replace(/^=/, '');
    if (attached !== '') {
      out.push({ flag, value: attached });
      return i + 1;
    }
    out.push({ flag, value: requireValue(tokens, i, `-${letter}`) });
    return i + 2;
  }
  return i + 1;
}

function requireValue(tokens: readonly string[], i: number, flag: string): string {
  const value = tokens[i + 1];
  if (value === undefined) throw new UsageError(`docker run option ${flag} needs a value`, { hint: USAGE_HINT });
  return value;
}

function unknownFlag(flag: string): UsageError {
  return new UsageError(`unknown docker run option ${flag}`, {
    hint: 'seccompose understands the options of `docker run --help` (Docker 28); check the spelling, or put the image before the command',
  });
}

const isTrue = (value: string): boolean => value !== 'false' && value !== '0';

function applyOption(spec: DockerRunSpec, { flag, value }: ParsedOption): void {
  switch (flag) {
    case '--privileged':
      if (isTrue(value)) throw refuse('--privileged', 'it disables seccomp, so there would be nothing to record under');
      break;
    case '--security-opt':
      applySecurityOpt(spec, value);
      return;
    case '--detach':
      spec.dropped.push('--detach (seccompose always runs the container detached)');
      return;
    case '--rm':
      spec.dropped.push('--rm (seccompose removes the container itself, after reading its exit status)');
      return;
    case '--attach':
      throw refuse(
        '--attach',
        'seccompose runs the container detached; read its output with `docker logs` in --exercise',
      );
    case '--help':
      throw refuse('--help', 'run `docker run --help` directly');
    case '--restart':
      if (value !== 'no') throw refuse(`--restart ${value}`, 'a restarted container would not end when recording ends');
      break;
    case '--name':
      spec.name = value;
      break;
    case '--runtime':
      spec.runtime = value;
      break;
  }
  spec.passthrough.push(...(BOOLEAN_FLAGS.has(flag) ? [value === 'true' ? flag : `${flag}=${value}`] : [flag, value]));
}

function applySecurityOpt(spec: DockerRunSpec, value: string): void {
  const [key = '', setting] = value.split(/[=:]/, 2);
  if (key === 'seccomp') {
    throw refuse(
      `--security-opt ${value}`,
      'seccompose sets the seccomp profile itself',
      'to record under your own profile, pass it as --baseline FILE',
    );
  }
  if (key === 'no-new-privileges') spec.noNewPrivileges = setting === undefined || isTrue(setting);
  spec.passthrough.push('--security-opt', value);
}

function refuse(what: string, why: string, hint = 'remove it from the docker run arguments'): UsageError {
  return new UsageError(`cannot record with docker run ${what}: ${why}`, { hint });
}

/** The `docker run` arguments seccompose executes: detached, named, labelled, plus the backend's options. */
export function composeRunArgs(spec: DockerRunSpec, name: string, backendArgs: readonly string[]): string[] {
  const naming = spec.name === undefined ? ['--name', name] : [];
  return [
    'run',
    '--detach',
    ...naming,
    '--label',
    `${RECORDING_LABEL}=1`,
    '--label',
    `${OWNER_LABEL}=${ownTag()}`,
    ...backendArgs,
    ...spec.passthrough,
    spec.image,
    ...spec.command,
  ];
}
