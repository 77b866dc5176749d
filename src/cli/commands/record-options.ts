import { UsageError } from '../../errors.js';
import type { SeccompArch } from '../../model/profile.js';
import { parseArchOption } from '../resolve-options.js';
import { BACKEND_CHOICES, type BackendChoice } from '../../record/backend-choices.js';
import { checkProjectName, checkServiceName, refuseComposeCommand } from '../../workload/compose-names.js';
import { isDockerCommand, parseSeconds } from '../workload-flags.js';
import { DEFAULT_BASELINE } from './record-defaults.js';

/** The flags as commander hands them over. */
export interface RawRecordFlags {
  output?: string;
  backend: string;
  exercise?: string;
  duration?: string;
  baseline: string;
  grace: string;
  readyTimeout: string;
  exerciseTimeout: string;
  quiet?: boolean;
  force?: boolean;
  fromStrace?: string[];
  fromAudit?: string[];
  file?: string[];
  project?: string;
  service?: string[];
  traceArch?: string;
  /** `--attach NAME...` (names) or a bare `--attach` (true: with -f, the running project). */
  attach?: string[] | boolean;
}

/** What to record, decided from the flags and the words after `--`. */
export type RecordMode =
  | { kind: 'container'; argv: string[] }
  | { kind: 'command'; argv: string[] }
  /** `native`: the ABI of the machine the trace was taken on (`--trace-arch`; default: this machine's). */
  | { kind: 'from-strace'; files: string[]; native: SeccompArch | undefined }
  | { kind: 'from-audit'; files: string[] }
  | { kind: 'compose'; files: string[]; project: string | undefined; services: string[] }
  /** `--attach NAME...`: running containers; with -f, the running project's containers. */
  | { kind: 'attach'; names: string[] }
  | { kind: 'compose-attach'; files: string[]; project: string | undefined; services: string[] };

/** Parsed and checked record flags. */
export interface RecordFlags {
  output: string;
  backend: BackendChoice;
  exercise: string | undefined;
  durationS: number | undefined;
  baseline: string;
  graceS: number;
  readyTimeoutS: number;
  exerciseTimeoutS: number;
  quiet: boolean;
  force: boolean;
  mode: RecordMode;
}

/** Why attach takes the ebpf backend only: the others must be in place when the container starts. */
const ATTACH_NEEDS_EBPF =
  'the audit backend logs through the seccomp profile the container was started with, and strace follows containerd from before the container starts; only ebpf can join processes that already run';

function decideAttach(flags: RawRecordFlags, argv: string[]): RecordMode {
  const names = Array.isArray(flags.attach) ? flags.attach : [];
  if (argv.length > 0)
    throw new UsageError(`--attach records containers that already run; it takes no command (got: ${argv.join(' ')})`, {
      hint: 'attach: seccompose record --attach NAME -o obs.json; from the start: seccompose record -o obs.json -- docker run IMAGE',
    });
  if (flags.fromStrace !== undefined || flags.fromAudit !== undefined)
    throw new UsageError('--attach records live containers; --from-strace/--from-audit read files', {
      hint: 'use one of them',
    });
  if (flags.baseline !== DEFAULT_BASELINE)
    throw new UsageError('--baseline does not apply to --attach: the container keeps the profile it was started with', {
      hint: 'leave --baseline out',
    });
  if (flags.file !== undefined) {
    if (names.length > 0)
      throw new UsageError(`with -f, --attach takes no container names (got: ${names.join(' ')})`, {
        hint: 'select services with --service NAME, the project with -p PROJECT',
      });
    return {
      kind: 'compose-attach',
      files: flags.file,
      project: flags.project === undefined ? undefined : checkProjectName(flags.project),
      services: [...new Set((flags.service ?? []).map((s) => checkServiceName(s)))],
    };
  }
  if (flags.project !== undefined || flags.service !== undefined)
    throw new UsageError('-p/--project and --service select from a compose project: add -f compose.yaml', {
      hint: 'e.g. seccompose record -f compose.yaml --attach --service api -o recordings/',
    });
  if (names.length === 0)
    throw new UsageError('--attach needs the running containers to record (names or ids), or -f compose.yaml', {
      hint: "e.g. seccompose record --attach web -o web.obs.json (docker ps --format '{{.Names}}' lists them)",
    });
  return { kind: 'attach', names };
}

function decideMode(flags: RawRecordFlags, argv: string[]): RecordMode {
  refuseComposeCommand(argv, 'record');
  if (flags.attach !== undefined && flags.attach !== false) return decideAttach(flags, argv);
  const compose = flags.file !== undefined;
  if (!compose && (flags.project !== undefined || flags.service !== undefined))
    throw new UsageError('-p/--project and --service select from a compose project: add -f compose.yaml', {
      hint: 'e.g. seccompose record -f compose.yaml --service api -o recordings/',
    });
  const sources = [flags.fromStrace !== undefined, flags.fromAudit !== undefined, argv.length > 0, compose].filter(
    Boolean,
  ).length;
  if (sources !== 1) {
    throw new UsageError(
      sources === 0
        ? 'nothing to record'
        : 'give only one of: -f compose.yaml, -- docker run ..., -- COMMAND ..., --from-strace, --from-audit',
      {
        hint: 'e.g. seccompose record -o obs.json -- docker run --rm my/image   (see seccompose record --help)',
      },
    );
  }
  if (flags.file)
    return {
      kind: 'compose',
      files: flags.file,
      project: flags.project === undefined ? undefined : checkProjectName(flags.project),
      services: [...new Set((flags.service ?? []).map((s) => checkServiceName(s)))],
    };
  if (flags.traceArch !== undefined && !flags.fromStrace) {
    throw new UsageError('--trace-arch applies to --from-strace only', {
      hint: 'e.g. seccompose record -o obs.json --from-strace trace.txt --trace-arch arm (for a trace taken on 32-bit ARM)',
    });
  }
  if (flags.fromStrace) {
    const native = flags.traceArch === undefined ? undefined : parseArchOption(flags.traceArch);
    return { kind: 'from-strace', files: flags.fromStrace, native };
  }
  if (flags.fromAudit) return { kind: 'from-audit', files: flags.fromAudit };
  return isDockerCommand(argv[0]) ? { kind: 'container', argv } : { kind: 'command', argv };
}

function checkBackend(backend: string, mode: RecordMode): BackendChoice {
  if (!(BACKEND_CHOICES as readonly string[]).includes(backend)) {
    throw new UsageError(`unknown backend ${JSON.stringify(backend)}`, {
      hint: `use one of ${BACKEND_CHOICES.join(', ')}`,
    });
  }
  if ((mode.kind === 'attach' || mode.kind === 'compose-attach') && backend !== 'auto' && backend !== 'ebpf')
    throw new UsageError(`--attach needs the ebpf backend, not --backend ${backend}: ${ATTACH_NEEDS_EBPF}`, {
      hint: 'drop --backend (or use --backend ebpf), or record the container from its start: -- docker run ...',
    });
  if (mode.kind === 'command' && backend !== 'auto' && backend !== 'strace') {
    throw new UsageError(`--backend ${backend} records containers; a plain command is recorded with strace`, {
      hint: 'drop --backend (or use --backend strace), or record it in a container: -- docker run ... IMAGE COMMAND',
    });
  }
  return backend as BackendChoice;
}

/** Turn commander's flags and the words after `--` into checked options. */
export function parseRecordFlags(flags: RawRecordFlags, argv: string[]): RecordFlags {
  const mode = decideMode(flags, argv);
  if (!flags.output)
    throw new UsageError('record needs -o FILE (or -o - for stdout)', {
      hint: 'e.g. seccompose record -o obs.json -- docker run my/image',
    });
  const live = !['from-strace', 'from-audit'].includes(mode.kind);
  if (!live && (flags.exercise !== undefined || flags.duration !== undefined)) {
    throw new UsageError('--exercise and --duration apply to live recordings, not to --from-strace/--from-audit');
  }
  return {
    output: flags.output,
    backend: checkBackend(flags.backend, mode),
    exercise: flags.exercise,
    durationS: flags.duration === undefined ? undefined : parseSeconds(flags.duration, '--duration'),
    baseline: flags.baseline,
    graceS: parseSeconds(flags.grace, '--grace', true),
    readyTimeoutS: parseSeconds(flags.readyTimeout, '--ready-timeout'),
    exerciseTimeoutS: parseSeconds(flags.exerciseTimeout, '--exercise-timeout'),
    quiet: Boolean(flags.quiet),
    force: Boolean(flags.force),
    mode,
  };
}
