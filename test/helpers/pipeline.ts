import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { Observation } from '../../src/model/observation.js';
import { parseObservation } from '../../src/model/read-observation.js';
import { runCli } from './cli.js';

/** A container workload as the `docker run` arguments after `run`, and how to drive it. */
export interface Workload {
  key: string;
  dockerArgs: string[];
  /** Shell code run against $SECCOMPOSE_CONTAINER_IP while recording and again under the profile. */
  exercise?: string;
}

/** One recording of a workload and what `generate` made of it. */
export interface Pipeline {
  workload: Workload;
  backend: string;
  observation: Observation;
  profilePath: string;
  /** `docker run` flags from the compose fragment: security_opt, cap_drop, cap_add. */
  securityArgs: string[];
  capAdd: string[];
  seconds: number;
}

/** Record `workload` with `backend`, then generate its profile and compose fragment into `dir`. */
export function recordAndGenerate(dir: string, workload: Workload, backend: string): Pipeline {
  const started = Date.now();
  const base = join(dir, `${workload.key}-${backend}`);
  const exercise = workload.exercise ? ['--exercise', workload.exercise] : [];
  const record = runCli([
    'record',
    '--backend',
    backend,
    '-o',
    `${base}.obs.json`,
    ...exercise,
    '--',
    'docker',
    'run',
    ...workload.dockerArgs,
  ]);
  if (record.code !== 0)
    throw new Error(`record ${workload.key} with ${backend} exited ${record.code}:\n${record.stderr}`);
  const generate = runCli([
    'generate',
    `${base}.obs.json`,
    '-o',
    `${base}.profile.json`,
    '--compose',
    `${base}.compose.yaml`,
    '--service',
    workload.key,
  ]);
  if (generate.code !== 0)
    throw new Error(`generate ${workload.key}/${backend} exited ${generate.code}:\n${generate.stderr}`);
  const observation = parseObservation(readFileSync(`${base}.obs.json`, 'utf8'), `${base}.obs.json`);
  const fragment = readFragment(`${base}.compose.yaml`, workload.key);
  return {
    workload,
    backend,
    observation,
    profilePath: `${base}.profile.json`,
    ...fragment,
    seconds: (Date.now() - started) / 1000,
  };
}

function readFragment(path: string, service: string): { securityArgs: string[]; capAdd: string[] } {
  const doc = parse(readFileSync(path, 'utf8')) as {
    services: Record<string, { security_opt?: string[]; cap_drop?: string[]; cap_add?: string[] }>;
  };
  const svc = doc.services[service]!;
  // Compose resolves seccomp=<path> relative to the fragment's directory; docker run needs it absolute.
  const opts = (svc.security_opt ?? []).map((o) =>
    o.startsWith('seccomp=') ? `seccomp=${resolve(dirname(path), o.slice(8))}` : o,
  );
  const capAdd = svc.cap_add ?? [];
  const securityArgs = [
    ...opts.flatMap((o) => ['--security-opt', o]),
    ...(svc.cap_drop ?? []).flatMap((c) => ['--cap-drop', c]),
    ...capAdd.flatMap((c) => ['--cap-add', c]),
  ];
  return { securityArgs, capAdd };
}

/** The syscall names an observation recorded on one ABI, sorted. */
export function syscallNames(
  observation: Observation,
  abi: keyof Observation['syscalls'] = 'SCMP_ARCH_X86_64',
): string[] {
  return Object.keys(observation.syscalls[abi] ?? {}).sort();
}

/** Names only in `a` and only in `b`. */
export function symmetricDifference(a: readonly string[], b: readonly string[]): { onlyA: string[]; onlyB: string[] } {
  return { onlyA: a.filter((n) => !b.includes(n)), onlyB: b.filter((n) => !a.includes(n)) };
}

/** What running a workload under its generated profile did. */
export interface Replay {
  exitCode: number;
  exerciseCode: number | null;
  exerciseStderr: string;
  logs: string;
}

/** Run the workload detached under `securityArgs`, exercise it like the recording did, stop it and remove it. */
export async function replayUnder(workload: Workload, securityArgs: string[]): Promise<Replay> {
  const id = docker(['run', '--detach', ...securityArgs, ...workload.dockerArgs]).trim();
  try {
    let exerciseCode: number | null = null;
    let exerciseStderr = '';
    if (workload.exercise) {
      const ip = docker(['inspect', '--format', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', id]).trim();
      await waitForHttp(`http://${ip}/`);
      const r = spawnSync('sh', ['-c', workload.exercise], {
        env: { ...process.env, SECCOMPOSE_CONTAINER_IP: ip },
        encoding: 'utf8',
        timeout: 60_000,
      });
      [exerciseCode, exerciseStderr] = [r.status, r.stderr];
      docker(['stop', '--time', '10', id]);
    }
    const exitCode = Number(docker(['wait', id]).trim());
    return {
      exitCode,
      exerciseCode,
      exerciseStderr,
      logs: spawnSync('docker', ['logs', id], { encoding: 'utf8' }).stderr,
    };
  } finally {
    spawnSync('docker', ['rm', '--force', id]);
  }
}

async function waitForHttp(url: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (spawnSync('curl', ['-fsS', '-o', '/dev/null', '--max-time', '1', url]).status === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within 15 s under the generated profile`);
}

function docker(args: string[]): string {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`docker ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Ids of containers (running or not) that carry `label`. */
export function containersWith(...labels: string[]): string[] {
  const filters = labels.flatMap((l) => ['--filter', `label=${l}`]);
  return spawnSync('docker', ['ps', '--all', '--quiet', ...filters], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean);
}

/** Force-remove containers by id (cleanup after a failed test). */
export function removeContainers(ids: readonly string[]): void {
  if (ids.length > 0) spawnSync('docker', ['rm', '--force', ...ids]);
}
