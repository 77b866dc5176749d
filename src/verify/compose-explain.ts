import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { normalizeCapability } from '../kernel/capabilities.js';
import type { Observation } from '../model/observation.js';
import type { SeccompArch } from '../model/profile.js';
import { formatVerdict } from '../profile/decision.js';
import { evaluate } from '../profile/evaluate.js';
import type { ResolvedPolicy } from '../profile/resolve.js';
import type { SessionIo } from '../record/session.js';
import type { DrivePlan } from '../workload/drive.js';

/** What one service would have been denied, from the explanation run. */
export interface ServiceExplanation {
  denied: { syscall: string; arch: SeccompArch; count: number; action: string }[];
  missingCapabilities: string[];
  notes: string[];
}

/** Copies of the compose files without any seccomp= (the explanation run records under the baseline instead). */
export async function withoutSeccomp(files: readonly string[], dir: string): Promise<string[]> {
  return Promise.all(
    files.map(async (file, i) => {
      const { readFile } = await import('node:fs/promises');
      const doc = (parse(await readFile(file, 'utf8')) ?? {}) as {
        services?: Record<string, Record<string, unknown> | null>;
      };
      for (const service of Object.values(doc.services ?? {})) {
        if (service && Array.isArray(service.security_opt))
          service.security_opt = service.security_opt.filter((o) => !/^seccomp[=:]/.test(String(o)));
      }
      const copy = join(dir, `${i}-${basename(file)}`);
      await writeFile(copy, stringify(doc, { lineWidth: 0 }), { mode: 0o600 });
      return copy;
    }),
  );
}

/**
 * The explanation run: the same project and exercise recorded (src/record/compose.ts) with every
 * service under Docker's default profile instead of its own but with its own capabilities, so
 * nothing it does is cut short; each service's calls are then judged against its profile. What
 * the profile would deny and the capability checks the kernel refused are what it lacked.
 */
export async function explainProject(
  files: readonly string[],
  plan: DrivePlan & { readyTimeoutS: number; graceS: number },
  policies: ReadonlyMap<string, { policy: ResolvedPolicy; capAdd: readonly string[] }>,
  io: SessionIo,
  dir: string,
): Promise<Map<string, ServiceExplanation>> {
  const copies = await withoutSeccomp(files, dir);
  const { recordComposeProject } = await import('../record/compose.js');
  const recorded = await recordComposeProject(
    {
      ...plan,
      files: copies,
      projectDirectory: dirname(files[0]!),
      project: undefined,
      services: [...policies.keys()],
      backend: 'auto',
      baseline: 'docker-default',
    },
    io,
  );
  const out = new Map<string, ServiceExplanation>();
  for (const { service, observation } of recorded.recordings) {
    const target = policies.get(service);
    if (!target) continue;
    const previous = out.get(service) ?? { denied: [], missingCapabilities: [], notes: [] };
    const found = judge(observation, target.policy, target.capAdd);
    out.set(service, {
      denied: [...previous.denied, ...found.denied],
      missingCapabilities: [...new Set([...previous.missingCapabilities, ...found.missingCapabilities])].sort(),
      notes: [...previous.notes, ...found.notes],
    });
  }
  return out;
}

function judge(observation: Observation, policy: ResolvedPolicy, capAdd: readonly string[]): ServiceExplanation {
  const denied: ServiceExplanation['denied'] = [];
  for (const [arch, uses] of Object.entries(observation.syscalls) as [
    SeccompArch,
    Record<string, { count: number }>,
  ][]) {
    for (const [syscall, use] of Object.entries(uses)) {
      const verdict = evaluate(policy, arch, syscall);
      const action = formatVerdict(verdict);
      // ERRNO(ENOSYS) is a deliberate fallback (libc then takes the older call), not a denial.
      if (verdict.action !== 'SCMP_ACT_ALLOW' && verdict.action !== 'SCMP_ACT_LOG' && action !== 'ERRNO(ENOSYS)')
        denied.push({ syscall, arch, count: use.count, action });
    }
  }
  const granted = new Set(capAdd.map((c) => normalizeCapability(c) ?? c));
  const missingCapabilities = Object.entries(observation.capabilities)
    .filter(([name, use]) => use.source === 'observed' && use.denied > 0 && !granted.has(name))
    .map(([name]) => name)
    .sort();
  const notes = observation.complete
    ? []
    : [`the explanation run was partial: ${observation.incompleteReasons.join('; ')}`];
  return { denied: denied.sort((a, b) => a.syscall.localeCompare(b.syscall)), missingCapabilities, notes };
}
