import { CAPABILITIES, DOCKER_DEFAULT_CAPS, parseCapabilityList } from '../kernel/capabilities.js';
import { nativeArch } from '../kernel/arch.js';
import type { SeccompArch, SeccompProfile } from '../model/profile.js';
import { runningKernel } from '../profile/context.js';
import { describeSyscall } from '../profile/decision.js';
import { resolveProfile } from '../profile/resolve.js';
import type { BackendEvidence } from '../trace/backend.js';

/**
 * The container's capability set from its `docker run` options, as Docker computes it: the 14
 * defaults minus `--cap-drop` plus `--cap-add`; `--cap-add ALL` is every capability minus the drops,
 * `--cap-drop ALL` keeps only the adds.
 */
export function containerCapabilities(passthrough: readonly string[]): string[] {
  const add = new Set<string>();
  const drop = new Set<string>();
  passthrough.forEach((token, i) => {
    const target = token === '--cap-add' ? add : token === '--cap-drop' ? drop : undefined;
    const value = passthrough[i + 1];
    if (!target || value === undefined) return;
    const list = parseCapabilityList([value]);
    for (const name of list.names) target.add(name);
    if (list.keywords.has('all')) target.add('ALL');
  });
  const all = CAPABILITIES.map((c) => c.name);
  let caps: string[];
  if (add.has('ALL')) caps = all.filter((c) => !drop.has(c));
  else if (drop.has('ALL')) caps = [...add];
  else caps = [...DOCKER_DEFAULT_CAPS.filter((c) => !drop.has(c)), ...add];
  return [...new Set(caps.filter((c) => all.includes(c)))].sort();
}

/**
 * A tracer that sees syscall entry before seccomp decides (strace: ptrace's entry stop comes
 * first) counts a call the baseline refused as a call that ran and failed. A name the baseline
 * denies for every argument, in the container's context, cannot have run: move it to `blocked`,
 * so the generated profile never allows what the baseline refused. Backends that trace after the
 * filter (ebpf, audit) never report such names as calls, so for them this changes nothing.
 */
export function moveBaselineDenials(
  evidence: BackendEvidence,
  baseline: SeccompProfile,
  caps: readonly string[],
): BackendEvidence {
  const policy = resolveProfile(baseline, { arch: nativeArch(), caps: [...caps], kernel: runningKernel() });
  const syscalls: BackendEvidence['syscalls'] = {};
  const blocked: BackendEvidence['blocked'] = { ...evidence.blocked };
  const moved: string[] = [];
  for (const [abi, byName] of Object.entries(evidence.syscalls) as [
    SeccompArch,
    NonNullable<BackendEvidence['syscalls'][SeccompArch]>,
  ][]) {
    const kept: typeof byName = {};
    for (const [name, stats] of Object.entries(byName)) {
      if (describeSyscall(policy, name).reach !== 'denied') {
        kept[name] = stats;
        continue;
      }
      blocked[abi] = { ...blocked[abi], [name]: (blocked[abi]?.[name] ?? 0) + stats.count };
      moved.push(name);
    }
    syscalls[abi] = kept;
  }
  if (moved.length === 0) return evidence;
  const note = `baseline: ${[...new Set(moved)].sort().join(', ')} denied by the baseline for every argument: counted as blocked attempts, not calls`;
  return { ...evidence, syscalls, blocked, notes: [...evidence.notes, note] };
}
