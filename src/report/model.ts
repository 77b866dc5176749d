import { HIGH_RISK_SYSCALLS } from '../diff/high-risk.js';
import { DOCKER_DEFAULT_CAPS } from '../kernel/capabilities.js';
import { shortArch } from '../generate/provenance.js';
import type { SeccompArch } from '../model/profile.js';
import { allowedNames, describeSyscall } from '../profile/decision.js';
import type { ResolvedPolicy } from '../profile/resolve.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import { FAMILIES, FAMILY_TITLES, familyOf, type Family } from './families.js';

/** One allowed syscall as the report shows it. */
export interface AllowedCall {
  name: string;
  /** Allowed only for some arguments, with the filter in words. */
  filter: string | undefined;
  /** Why it is high-risk, when it is. */
  risk: string | undefined;
}

/** A family's allowed syscalls here, and how many Docker's default allows in it. */
export interface FamilyGroup {
  family: Family;
  title: string;
  allowed: AllowedCall[];
  dockerDefault: number;
}

/** A capability of the set and what the evidence says about it. */
export interface CapabilityRow {
  name: string;
  inDockerDefault: boolean;
  evidence: string[];
}

/** One recorded syscall: calls, failed calls, ABIs, and which observation (or the runtime set) saw it. */
export interface CallRow {
  name: string;
  family: Family;
  count: number;
  errors: number;
  abis: string[];
  sources: { label: string; count: number }[];
  runtime: boolean;
}

/** Everything one tab of the report shows. */
export interface ReportTab {
  title: string;
  kind: Sandbox['kind'];
  context: string;
  allowed: number;
  dockerDefault: number;
  families: FamilyGroup[];
  highRisk: AllowedCall[];
  /** The capability set; undefined for a bare profile (the input says nothing about it). */
  capabilities: CapabilityRow[] | undefined;
  /** For observations: the recordings and what each syscall was called. */
  recordings: { label: string; workload: string; backend: string; complete: boolean }[];
  calls: CallRow[];
}

/** Build one tab from a sandbox, its resolved policy and Docker's default resolved for the same host. */
export function buildReportTab(
  sandbox: Sandbox,
  policy: ResolvedPolicy,
  dockerDefault: ResolvedPolicy,
  context: string,
): ReportTab {
  const names = [...allowedNames(policy)].sort();
  const baseline = allowedNames(dockerDefault);
  const calls: AllowedCall[] = names.map((name) => {
    const described = describeSyscall(policy, name);
    return {
      name,
      filter: described.reach === 'filtered' ? described.text : undefined,
      risk: HIGH_RISK_SYSCALLS.get(name),
    };
  });
  const families = FAMILIES.map((family) => ({
    family,
    title: FAMILY_TITLES[family],
    allowed: calls.filter((c) => familyOf(c.name) === family),
    dockerDefault: [...baseline].filter((n) => familyOf(n) === family).length,
  }));
  return {
    title: tabTitle(sandbox),
    kind: sandbox.kind,
    context,
    allowed: names.length,
    dockerDefault: baseline.size,
    families,
    highRisk: calls.filter((c) => c.risk !== undefined),
    capabilities: capabilityRows(sandbox),
    recordings: sandbox.generated?.merged.sources ?? [],
    calls: callRows(sandbox),
  };
}

/** A compose service by name and file, observations by their file names, a profile by its path. */
function tabTitle(sandbox: Sandbox): string {
  if (sandbox.service !== undefined) return `${sandbox.service} (${sandbox.composeFile})`;
  const recordings = sandbox.generated?.merged.sources.map((s) => s.label);
  return recordings === undefined ? sandbox.label : `recordings: ${recordings.join(', ')}`;
}

function capabilityRows(sandbox: Sandbox): CapabilityRow[] | undefined {
  if (sandbox.caps === undefined) return undefined;
  const evidence = new Map((sandbox.generated?.capabilities ?? []).map((f) => [f.capability, f.evidence]));
  return sandbox.caps.map((name) => ({
    name,
    inDockerDefault: DOCKER_DEFAULT_CAPS.includes(name),
    evidence: evidence.get(name) ?? [],
  }));
}

function callRows(sandbox: Sandbox): CallRow[] {
  const merged = sandbox.generated?.merged;
  if (merged === undefined) return [];
  const rows = new Map<string, CallRow>();
  const row = (name: string): CallRow => {
    let r = rows.get(name);
    if (!r)
      rows.set(
        name,
        (r = { name, family: familyOf(name), count: 0, errors: 0, abis: [], sources: [], runtime: false }),
      );
    return r;
  };
  for (const [arch, perAbi] of Object.entries(merged.syscalls) as [
    SeccompArch,
    Record<string, { count: number; errors: number; sources: Record<string, number> }>,
  ][])
    for (const [name, call] of Object.entries(perAbi)) {
      const r = row(name);
      r.count += call.count;
      r.errors += call.errors;
      r.abis.push(shortArch(arch));
      for (const [label, count] of Object.entries(call.sources)) {
        const source = r.sources.find((s) => s.label === label);
        if (source) source.count += count;
        else r.sources.push({ label, count });
      }
    }
  for (const perAbi of Object.values(merged.runtime))
    for (const name of Object.keys(perAbi ?? {})) row(name).runtime = true;
  return [...rows.values()].sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
}
