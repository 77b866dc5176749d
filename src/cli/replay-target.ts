import { resolve } from 'node:path';
import { parseDockerRun } from '../engine/run-args.js';
import { UsageError } from '../errors.js';
import { DOCKER_DEFAULT_CAPS } from '../kernel/capabilities.js';
import { readObservation } from '../model/read-observation.js';
import { loadProfile } from '../profile/load.js';
import { capList, readComposeSandbox } from '../verify/compose-input.js';
import { withoutCapFlags } from '../verify/enforce-args.js';
import type { ProfileUnderTest } from '../verify/verify-container.js';
import { isDockerCommand, parseSeconds } from './workload-flags.js';

/** Flags common to verify and caps minimize, as commander hands them over. */
export interface RawReplayFlags {
  capAdd?: string[];
  compose?: string;
  service?: string;
  exercise?: string;
  duration?: string;
  readyTimeout: string;
  grace: string;
  exerciseTimeout: string;
}

/** What to run and under what: the profile, caps and the workload (container or host command). */
export interface ReplayTarget {
  target: ProfileUnderTest;
  capAdd: string[];
  /** Whether the cap set came from --cap-add / the fragment (false: nothing given). */
  capsGiven: boolean;
  workload: string[];
  kind: 'container' | 'host';
  exercise: string | undefined;
  durationS: number | undefined;
  readyTimeoutS: number;
  graceS: number;
  exerciseTimeoutS: number;
  notes: string[];
}

/** Load the profile under test: `unconfined`, `docker-default`, a path or `-`. */
export async function loadTarget(pathOrName: string, label = pathOrName): Promise<ProfileUnderTest> {
  if (pathOrName === 'unconfined') return { label: 'unconfined', profile: null, text: '' };
  const { profile, text } = await loadProfile(pathOrName);
  return { label, profile, text };
}

/**
 * Split `[PROFILE] -- WORKLOAD...` and the flags: with --compose the profile and cap_add come
 * from the fragment's service and every word is the workload; otherwise the first word is the
 * profile. A workload starting with `docker` is a container, anything else a host command.
 */
export async function parseReplayTarget(words: string[], flags: RawReplayFlags, usage: string): Promise<ReplayTarget> {
  if ((flags.compose === undefined) !== (flags.service === undefined))
    throw new UsageError('--compose and --service go together', { hint: usage });
  if (flags.compose && flags.capAdd)
    throw new UsageError('give --cap-add or --compose, not both (the fragment has its own cap_add)', { hint: usage });
  const notes: string[] = [];
  let target: ProfileUnderTest;
  let capAdd = capList(flags.capAdd ?? [], '--cap-add');
  let workload: string[];
  if (flags.compose && flags.service) {
    const sandbox = await readComposeSandbox(flags.compose, flags.service);
    // PROFILE may still be named (the usage); it must be the fragment's own profile.
    const named = words.length > 0 && !isDockerCommand(words[0]) ? words[0]! : undefined;
    if (named !== undefined && resolve(named) !== resolve(sandbox.profilePath)) {
      throw new UsageError(
        `${named} is not the profile ${flags.compose} configures for ${flags.service} (${sandbox.profilePath})`,
        { hint: 'with --compose the profile comes from the fragment: drop PROFILE, or pass the same file' },
      );
    }
    target = await loadTarget(sandbox.profilePath);
    capAdd = sandbox.capAdd;
    notes.push(...sandbox.notes);
    workload = named === undefined ? words : words.slice(1);
  } else {
    const [profile, ...rest] = words;
    if (profile === undefined) throw new UsageError('no profile given', { hint: usage });
    target = await loadTarget(profile);
    workload = rest;
  }
  if (workload.length === 0) throw new UsageError('nothing to run: give the workload after --', { hint: usage });
  return {
    target,
    capAdd,
    capsGiven: flags.compose !== undefined || flags.capAdd !== undefined,
    workload,
    kind: isDockerCommand(workload[0]) ? 'container' : 'host',
    exercise: flags.exercise,
    durationS: flags.duration === undefined ? undefined : parseSeconds(flags.duration, '--duration'),
    readyTimeoutS: parseSeconds(flags.readyTimeout, '--ready-timeout'),
    graceS: parseSeconds(flags.grace, '--grace', true),
    exerciseTimeoutS: parseSeconds(flags.exerciseTimeout, '--exercise-timeout'),
    notes,
  };
}

/** The user's docker run, parsed, with its own capability flags removed (and a note saying so). */
export function parseVerifyDockerRun(workload: string[], notes: string[]): ReturnType<typeof parseDockerRun> {
  const { spec, removed } = withoutCapFlags(parseDockerRun(workload));
  if (removed.length > 0)
    notes.push(`the docker run's own ${removed.join(', ')} were replaced by the verified set (cap_drop ALL + cap_add)`);
  return spec;
}

/** The starting set of `caps minimize`: an observation's capabilities, or Docker's 14 defaults. */
export async function startingCaps(
  startFlag: string | undefined,
  from: string | undefined,
): Promise<{ caps: string[]; source: string }> {
  const start = startFlag ?? (from === undefined ? 'default' : 'observed');
  if (start !== 'default' && start !== 'observed')
    throw new UsageError(`--start must be default or observed, got ${JSON.stringify(start)}`, {
      hint: "default: Docker's 14 capabilities; observed: those an observation used (--from obs.json)",
    });
  if (start === 'default' && from === undefined)
    return { caps: [...DOCKER_DEFAULT_CAPS], source: "Docker's 14 default capabilities" };
  if (from === undefined)
    throw new UsageError('--start observed needs --from OBSERVATION.json', {
      hint: 'e.g. seccompose caps minimize --from obs.json -- docker run ...',
    });
  const observation = await readObservation(from);
  const used = Object.entries(observation.capabilities)
    .filter(([, use]) => use.source === 'inferred' || use.granted > 0)
    .map(([name]) => name);
  const caps = start === 'default' ? [...new Set([...DOCKER_DEFAULT_CAPS, ...used])] : used;
  return {
    caps: caps.sort(),
    source: `${start === 'default' ? "Docker's defaults plus " : ''}the capabilities used in ${from} (${used.length})`,
  };
}
