import { createHash } from 'node:crypto';
import type { MergedSource, Observation } from '../model/observation.js';
import type { SeccompArch } from '../model/profile.js';
import { sortKeys, sortUnique, stableJson } from '../model/stable-order.js';
import { describeWorkload } from './merge.js';

/** sha256 of an observation's canonical JSON (sorted keys), leaving out the `merged` provenance. */
export function observationDigest(observation: Observation): string {
  const { merged: _merged, ...recording } = observation;
  return createHash('sha256')
    .update(stableJson(sortKeys(recording)))
    .digest('hex');
}

/**
 * The recordings an observation stands for: its own `merged.sources` when it is a merge result,
 * else itself, labelled `label` (its file name).
 */
export function recordingsOf(observation: Observation, label: string): MergedSource[] {
  if (observation.merged) return observation.merged.sources;
  const image = imageOf(observation);
  const arch = archOf(observation);
  return [
    {
      digest: observationDigest(observation),
      label,
      workload: describeWorkload(observation.workload),
      ...(image === undefined ? {} : { image }),
      ...(arch === undefined ? {} : { arch }),
      backend: `${observation.backend.name} ${observation.backend.version}`,
      ...(observation.host ? { host: observation.host } : {}),
      complete: observation.complete,
    },
  ];
}

/** The container image a recording ran, from its workload description. */
function imageOf(observation: Observation): string | undefined {
  return observation.workload.kind === 'container' ? observation.workload.image : undefined;
}

/** The ABI family an observation's syscalls belong to: its host's native ABI, or the 64-bit ABI it used. */
export function archOf(observation: Observation): SeccompArch | undefined {
  if (observation.host) return observation.host.arch;
  const abis = Object.keys(observation.syscalls) as SeccompArch[];
  return FAMILY_ROOTS.find((root) => abis.some((abi) => ABI_FAMILY[abi] === root)) ?? abis.sort()[0];
}

/** Sub-ABIs a 64-bit host also runs (Docker's archMap), so that an x86_64 host's i386 calls are not "another arch". */
const ABI_FAMILY: Readonly<Partial<Record<SeccompArch, SeccompArch>>> = {
  SCMP_ARCH_X86_64: 'SCMP_ARCH_X86_64',
  SCMP_ARCH_X86: 'SCMP_ARCH_X86_64',
  SCMP_ARCH_X32: 'SCMP_ARCH_X86_64',
  SCMP_ARCH_AARCH64: 'SCMP_ARCH_AARCH64',
  SCMP_ARCH_ARM: 'SCMP_ARCH_AARCH64',
  SCMP_ARCH_S390X: 'SCMP_ARCH_S390X',
  SCMP_ARCH_S390: 'SCMP_ARCH_S390X',
  SCMP_ARCH_PPC64LE: 'SCMP_ARCH_PPC64LE',
  SCMP_ARCH_RISCV64: 'SCMP_ARCH_RISCV64',
};
const FAMILY_ROOTS = [...new Set(Object.values(ABI_FAMILY))];

/** The native ABI a (sub-)ABI runs under: SCMP_ARCH_X86 → SCMP_ARCH_X86_64; undefined for ABIs without a family here. */
export function abiFamily(abi: SeccompArch): SeccompArch | undefined {
  return ABI_FAMILY[abi];
}

/** What one merge input says about itself for the image/arch check. */
export interface InputIdentity {
  label: string;
  images: string[];
  arches: string[];
}

/** The images and arches of one observation input (a merge result: its recordings'). */
export function identityOf(observation: Observation, label: string): InputIdentity {
  const recordings = recordingsOf(observation, label);
  const present = (values: (string | undefined)[]): string[] => sortUnique(values.filter((v) => v !== undefined));
  return { label, images: present(recordings.map((r) => r.image)), arches: present(recordings.map((r) => r.arch)) };
}

/** `label: value` pairs of the inputs whose images or arches differ, or [] when they agree. */
export function mismatches(identities: readonly InputIdentity[]): { images: string[]; arches: string[] } {
  const spread = (pick: (id: InputIdentity) => string[]): string[] => {
    const values = new Set(identities.flatMap(pick));
    if (values.size <= 1) return [];
    return identities.flatMap((id) => pick(id).map((value) => `${id.label}: ${value}`));
  };
  return { images: spread((id) => [...new Set(id.images)]), arches: spread((id) => [...new Set(id.arches)]) };
}
