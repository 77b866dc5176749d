import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { escapeCompose, sandboxEntries, type SandboxEntry, type ServiceSandbox } from '../../emit/compose.js';
import { hardenService } from '../../emit/compose-harden.js';
import { editComposeInPlace } from '../../emit/compose-into.js';
import { overrideHeader, renderOverride } from '../../emit/compose-override.js';
import { writeAllOrNothing, type PlannedFile } from '../../emit/write-all.js';
import { InputError, UsageError } from '../../errors.js';
import type { GenerateOptions, GenerateResult } from '../../generate/generate.js';
import { generateProfile } from '../../generate/generate.js';
import { readInput } from '../../io/read-input.js';
import type { LabelledObservation } from '../../observation/merge.js';
import { capList } from '../../verify/compose-input.js';
import { mergeComposeFiles, type ComposeService } from '../../workload/compose-config.js';
import { checkServiceName } from '../../workload/compose-names.js';

/** The compose mode of `generate`, parsed. */
export interface ComposeGenerateRequest {
  files: string[];
  /** The override to write (absent with --into). */
  output: string | undefined;
  into: string | undefined;
  profilesDir: string | undefined;
  harden: boolean;
  relativePaths: boolean;
  force: boolean;
}

/** What was written, per service, for the summary. */
export interface ComposeGenerated {
  target: string;
  services: { service: string; profile: string; result: GenerateResult; entries: SandboxEntry[] }[];
}

/**
 * `generate OBS... -f compose.yaml -o compose.seccomp.yaml`: one profile per service (from the
 * observations of that service) and one override for the whole project, or, with --into, the
 * user's compose file edited in place. Every file is written all-or-nothing.
 */
export async function generateForProject(
  inputs: readonly LabelledObservation[],
  request: ComposeGenerateRequest,
  options: GenerateOptions,
): Promise<ComposeGenerated> {
  const target = request.into ?? request.output;
  if (!target || target === '-')
    throw new UsageError('generate -f needs -o OVERRIDE.yaml (or --into compose.yaml)', {
      hint: 'e.g. -o compose.seccomp.yaml',
    });
  const texts = await Promise.all(request.files.map(async (f) => ({ text: await readInput(f), source: f })));
  const project = mergeComposeFiles(texts);
  const byService = groupByService(inputs);
  const profilesDir = resolve(request.profilesDir ?? join(dirname(resolve(target)), 'seccomp'));
  const projectDir = dirname(resolve(request.files[0]!));
  const before = await readFile(target, 'utf8').catch(() => undefined);
  const services: ComposeGenerated['services'] = [];
  const planned: PlannedFile[] = [];
  for (const [service, observed] of byService) {
    const config = project.get(service);
    if (!config)
      throw new InputError(
        `the observations of service ${service} (${observed.map((o) => o.label).join(', ')}) do not match a service of ${request.files.join(', ')} (services: ${[...project.keys()].join(', ')})`,
        { hint: 'pass the compose file(s) the project was recorded from' },
      );
    const result = generateProfile(observed, options);
    const profile = join(profilesDir, `${service}.json`);
    if (
      !request.force &&
      // The override (or file) being updated already points at it: it is seccompose's own, replaced.
      !(before ?? '').includes(escapeCompose(profile)) &&
      !(before ?? '').includes(escapeCompose(relativePath(projectDir, profile))) &&
      (await readFile(profile).then(
        () => true,
        () => false,
      ))
    )
      throw new InputError(`profile ${profile} already exists`, {
        hint: 'pass --force to replace it, or choose another --profiles-dir',
      });
    const sandbox = sandboxOf(config, result, observed, { profile, projectDir, request });
    services.push({ service, profile, result, entries: sandboxEntries(sandbox) });
    planned.push({ path: profile, content: result.text });
  }
  const entries = new Map(services.map((s) => [s.service, s.entries]));
  const pathsNote = request.relativePaths
    ? `seccomp= paths are relative to ${projectDir} (the project directory, which compose v2 resolves them against); with v1 run docker-compose from that directory`
    : 'seccomp= paths are absolute, so they resolve the same with compose v1 and v2 from any directory';
  const content = request.into
    ? editComposeInPlace(before ?? (await readInput(request.into)), request.into, entries)
    : renderOverride(
        existingOverride(before, target, request.force),
        entries,
        overrideHeader(request.files, pathsNote),
      );
  await mkdir(profilesDir, { recursive: true });
  planned.push({ path: target, content });
  await writeAllOrNothing(planned, async () => {
    // --into (and an override being updated) must not overwrite a change made while we worked.
    const now = await readFile(target, 'utf8').catch(() => undefined);
    if (now !== before)
      throw new InputError(`${target} changed on disk while seccompose worked; nothing was written`, {
        hint: 'run generate again',
      });
  });
  return { target, services };
}

function existingOverride(
  before: string | undefined,
  target: string,
  force: boolean,
): { text: string; source: string } | undefined {
  return before === undefined || force ? undefined : { text: before, source: target };
}

/** Observations by the compose service they were recorded from (each must have one). */
function groupByService(inputs: readonly LabelledObservation[]): Map<string, LabelledObservation[]> {
  const out = new Map<string, LabelledObservation[]>();
  for (const input of inputs) {
    const w = input.observation.workload;
    const service = w.kind === 'container' ? w.compose?.service : undefined;
    if (service === undefined)
      throw new InputError(`${input.label} is not an observation of a compose service`, {
        hint: 'record the project with `seccompose record -f compose.yaml -o DIR`, or generate it alone: generate OBS -o profile.json',
      });
    checkServiceName(service, `the service of ${input.label}`);
    out.set(service, [...(out.get(service) ?? []), input]);
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

function sandboxOf(
  config: ComposeService,
  result: GenerateResult,
  observed: readonly LabelledObservation[],
  where: { profile: string; projectDir: string; request: ComposeGenerateRequest },
): ServiceSandbox {
  const capAdd = capList(result.capAdd, `the capabilities of service ${config.name}`);
  const own = capList(config.capAdd, `services.${config.name}.cap_add`).filter((c) => !capAdd.includes(c));
  const notes =
    own.length > 0 && !where.request.into
      ? [
          `note: the compose file's own cap_add (${own.join(', ')}) stays in force: an override cannot remove it; remove it there, or use --into`,
        ]
      : [];
  const backends = [...new Set(observed.map((o) => `${o.observation.backend.name} ${o.observation.backend.version}`))];
  const seccompPath = where.request.relativePaths ? relativePath(where.projectDir, where.profile) : where.profile;
  return {
    seccompPath,
    capAdd,
    keptSecurityOpt: config.securityOpt.filter((o) => !/^(seccomp|no-new-privileges)([=:]|$)/.test(o)),
    evidence: `${observed.map((o) => o.label).join(', ')} (${backends.join(', ')}): ${result.profile.syscalls.reduce((n, r) => n + r.names.length, 0)} syscalls`,
    notes,
    ...(where.request.harden
      ? {
          harden: {
            ...hardenService(
              observed.map((o) => o.observation),
              config.writableMounts,
            ),
            existingTmpfs: config.tmpfs,
          },
        }
      : {}),
  };
}

function relativePath(from: string, to: string): string {
  const rel = relative(from, to).split(sep).join('/');
  return rel.startsWith('../') ? rel : `./${rel}`;
}
