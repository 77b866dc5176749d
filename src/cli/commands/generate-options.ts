import { UsageError } from '../../errors.js';
import { errnoName, errnoNumber } from '../../kernel/errno.js';
import type { SeccompArch } from '../../model/profile.js';
import { parseArchOption } from '../resolve-options.js';

/** The flags as commander hands them over. */
export interface RawGenerateFlags {
  output: string;
  defaultAction: string;
  errno?: string;
  arch?: string[];
  compose?: string;
  service?: string;
  allowPartial?: boolean;
  allowLossy?: boolean;
  includeBlocked?: boolean;
  runtimeSyscalls: boolean;
  explain?: boolean;
  json?: boolean;
  force?: boolean;
  file?: string[];
  profilesDir?: string;
  harden?: boolean;
  relativePaths?: boolean;
  into?: string;
}

/** `--errno EPERM` / `--errno 1` → the number; UsageError for names or numbers that are not errnos. */
export function parseErrnoOption(text: string): number {
  const trimmed = text.trim();
  const n = /^\d+$/.test(trimmed) ? Number(trimmed) : errnoNumber(trimmed.toUpperCase());
  if (n === undefined || errnoName(n) === undefined)
    throw new UsageError(`unknown errno ${JSON.stringify(text)} for --errno`, {
      hint: 'use a name such as EPERM, EACCES or ENOSYS, or its number',
    });
  return n;
}

/** --arch may repeat and take comma lists: `--arch x86_64 --arch aarch64` or `--arch amd64,arm64`. */
export function parseArchList(values: readonly string[] | undefined): SeccompArch[] | undefined {
  if (!values || values.length === 0) return undefined;
  return values
    .flatMap((v) => v.split(','))
    .filter((v) => v.trim() !== '')
    .map(parseArchOption);
}

/** Cross-flag checks commander cannot express. */
export function checkGenerateFlags(flags: RawGenerateFlags): void {
  if (flags.errno !== undefined && flags.defaultAction !== 'errno')
    throw new UsageError(
      `--errno only applies to --default-action errno (got --default-action ${flags.defaultAction})`,
      {
        hint: 'drop --errno, or use --default-action errno',
      },
    );
  const project = flags.file !== undefined;
  if (!project && (flags.profilesDir || flags.harden || flags.relativePaths || flags.into))
    throw new UsageError(
      '--profiles-dir, --harden, --relative-paths and --into apply to a compose project: add -f compose.yaml',
      {
        hint: 'e.g. seccompose generate recordings/*.obs.json -f compose.yaml -o compose.seccomp.yaml --harden',
      },
    );
  if (project && (flags.compose !== undefined || flags.service !== undefined))
    throw new UsageError('-f compose.yaml writes the override for every observed service: drop --compose/--service', {
      hint: 'seccompose generate recordings/*.obs.json -f compose.yaml -o compose.seccomp.yaml',
    });
  if (project && flags.into !== undefined && flags.output !== '-')
    throw new UsageError('give -o OVERRIDE.yaml or --into compose.yaml, not both', {
      hint: '--into edits your compose file in place; -o writes a separate override file',
    });
  if (project && (flags.json || flags.explain))
    throw new UsageError(
      '--json and --explain print one profile; with -f run them per service (generate OBS -o profile.json --explain)',
    );
  if (project) return;
  if ((flags.compose === undefined) !== (flags.service === undefined))
    throw new UsageError('--compose and --service go together', {
      hint: 'e.g. --compose compose.seccomp.yaml --service web',
    });
  if (flags.compose !== undefined && flags.output === '-')
    throw new UsageError('--compose needs the profile written to a file it can point at', {
      hint: 'add -o profile.json',
    });
  if ((flags.explain || flags.json) && flags.output === '-')
    throw new UsageError(`--${flags.json ? 'json' : 'explain'} prints to stdout, where the profile would also go`, {
      hint: 'write the profile to a file with -o profile.json',
    });
}
