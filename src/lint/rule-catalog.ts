import type { RuleMeta } from './finding.js';
import { MAX_NESTING } from '../profile/nesting-limit.js';

/**
 * What every lint rule reports with: id, severity, summary and why, parse-level rules first, then
 * the semantic rules in the order the registry runs them. Data only, apart from the rules' code,
 * so `lint --help`, completion and the manual page list the rules without loading them.
 */
export const RULE_CATALOG: readonly RuleMeta[] = [
  {
    id: 'invalid-json',
    severity: 'error',
    summary: 'the file is not valid JSON',
    why: 'dockerd, Podman and runc parse profiles with strict JSON decoders and refuse to start the container',
  },
  {
    id: 'json-too-deep',
    severity: 'error',
    summary: `arrays/objects nested more than ${MAX_NESTING} levels deep`,
    why: 'a seccomp profile is at most five levels deep; such input is not a profile, and deeply recursive decoders may crash on it',
  },
  {
    id: 'schema',
    severity: 'error',
    summary: 'a field has the wrong type, a value outside the format, or a required field is missing',
    why: 'dockerd decodes the profile into typed Go structs (a wrong type fails there) and runc refuses unknown actions, architectures and operators',
  },
  {
    id: 'duplicate-key',
    severity: 'error',
    summary: 'an object has the same key twice, or a key in another case that Docker reads as a field',
    why: "Go's encoding/json (dockerd) matches keys case-insensitively and keeps the last match without a word, so what you read is not what runs",
  },
  {
    id: 'unknown-field',
    severity: 'warning',
    summary: 'a field the Docker/moby profile format does not define (Podman extensions named as such)',
    why: 'dockerd ignores unknown fields silently, so a misspelt `errnoRet` or `includes` simply has no effect',
  },
  {
    id: 'legacy-name',
    severity: 'error',
    summary: 'a rule has both `name` and `names` (refused); info once when rules use the deprecated `name`',
    why: 'dockerd rejects a rule that sets both ("use either name or names"); the singular form is deprecated since Docker 1.13',
  },
  {
    id: 'unknown-syscall',
    severity: 'error',
    summary: "a syscall name that exists on none of the profile's architectures (with did-you-mean)",
    why: 'runc and libseccomp skip names they cannot resolve, so a misspelt name quietly leaves the call denied (or allowed)',
  },
  {
    id: 'syscall-not-on-arch',
    severity: 'info',
    summary: 'names in a rule that do not exist on some of the architectures it applies to',
    why: "checked for the listed architectures, the --arch daemon's family, or the hosts a rule's includes.arches names; libseccomp skips a name on each ABI that lacks it (e.g. `open` on arm64), fine for shared lists, worth knowing for hand-written ones",
  },
  {
    id: 'duplicate-syscall',
    severity: 'warning',
    summary: 'a syscall listed twice in a rule, or in two unconditional rules with the same action',
    why: 'harmless to the kernel but a sign of a merge gone wrong; removing one copy later leaves the other in force',
  },
  {
    id: 'conflicting-actions',
    severity: 'error',
    summary: 'the same syscall gets different actions from two unconditional rules',
    why: 'libseccomp cannot hold two top-level actions for one syscall: the second rule is refused (the container fails to start) or one silently wins, depending on versions',
  },
  {
    id: 'denylist-default',
    severity: 'warning',
    summary: 'defaultAction SCMP_ACT_ALLOW or SCMP_ACT_LOG (a denylist profile)',
    why: 'a denylist allows every syscall it does not name, including those that future kernels add; an allowlist fails closed',
  },
  {
    id: 'errno-action',
    severity: 'error',
    summary: 'errnoRet (or defaultErrnoRet) set with an action other than SCMP_ACT_ERRNO/SCMP_ACT_TRACE',
    why: 'the OCI runtime-spec says the runtime must fail: runc refuses to start the container',
  },
  {
    id: 'errno-range',
    severity: 'warning',
    summary: 'errnoRet 0 (the call "succeeds" without running) or above 4095 (clamped by the kernel)',
    why: 'ERRNO(0) makes the caller believe the call worked; values above MAX_ERRNO are cut to 4095 (and libseccomp keeps only 16 bits)',
  },
  {
    id: 'architectures',
    severity: 'warning',
    summary:
      'architectures/archMap missing, duplicated, or an ABI family listed incompletely (e.g. X86_64 without X86/X32)',
    why: 'a process on an ABI the filter does not list hits the bad-arch action, SCMP_ACT_KILL; on x86_64 that is every i386 and x32 binary',
  },
  {
    id: 'archmap-with-architectures',
    severity: 'error',
    summary: 'the profile sets both `architectures` and `archMap`',
    why: 'dockerd rejects such a profile ("use either architectures or archMap") and the container does not start',
  },
  {
    id: 'multiplexer-bypass',
    severity: 'warning',
    summary: 'argument filters or denials on socket/IPC calls that `socketcall`/`ipc` bypass on 32-bit ABIs',
    why: 'socketcall(SYS_SOCKET, args*) and ipc(SHMGET, …) reach the same kernel code with the real arguments behind a pointer seccomp cannot read',
  },
  {
    id: 'arg-index',
    severity: 'error',
    summary: 'an argument index above 5',
    why: 'syscalls have at most six arguments; libseccomp rejects the comparison (EINVAL) and runc refuses to start the container',
  },
  {
    id: 'masked-eq',
    severity: 'error',
    summary:
      'SCMP_CMP_MASKED_EQ that can never match (valueTwo has bits outside the mask) or always matches; valueTwo omitted or ignored',
    why: 'MASKED_EQ tests (arg & value) == valueTwo: bits of valueTwo outside value can never be equal, a zero mask matches every call, and valueTwo means nothing to the other operators',
  },
  {
    id: 'contradictory-args',
    severity: 'error',
    summary: 'two comparisons on the same argument index in one rule (e.g. EQ 1 and EQ 2)',
    why: "the OCI spec ANDs a rule's args, so EQ 1 and EQ 2 never match; runc instead splits same-index comparisons into separate rules (OR): runtimes disagree",
  },
  {
    id: 'unknown-capability',
    severity: 'error',
    summary: 'a capability in includes/excludes.caps that is not an exact CAP_* name',
    why: "dockerd compares the exact string with the container's bounding set: an unknown or lower-case name never matches, so the rule is never included (or never excluded)",
  },
  {
    id: 'filter-arch',
    severity: 'warning',
    summary:
      'includes/excludes.arches names an arch dockerd never reports (these use Go-style names like amd64, arm64)',
    why: 'dockerd matches these against its own arch name (amd64, arm64, s390x, …): SCMP_ARCH_* or uname spellings never match, so the rule never applies (or is never excluded)',
  },
  {
    id: 'min-kernel',
    severity: 'error',
    summary: 'minKernel not written as "major.minor" (e.g. "4.8"), or "0.0"',
    why: 'dockerd parses minKernel as major.minor and refuses the profile when it cannot (and rejects "0.0")',
  },
  {
    id: 'high-risk-syscall',
    severity: 'warning',
    summary:
      'a high-risk syscall (ptrace, mount, bpf, keyctl, …) allowed without argument filters; info when cap-conditioned',
    why: 'each widens the kernel attack surface or breaks isolation (the message says how); allow them only when the workload needs them, ideally behind the capability that guards them',
  },
  {
    id: 'clone-namespace',
    severity: 'warning',
    summary: 'clone allowed without a filter on its namespace flags, or clone3 allowed (its flags cannot be filtered)',
    why: 'new namespaces (user namespaces above all) expose kernel code meant for root; Docker allows clone only with the CLONE_NEW* bits clear and makes clone3 return ENOSYS',
  },
  {
    id: 'notify-listener',
    severity: 'error',
    summary: 'SCMP_ACT_NOTIFY or listenerMetadata without listenerPath',
    why: 'a notify action needs a listener to hand the seccomp fd to; the OCI spec forbids listenerMetadata without listenerPath, and runc refuses both',
  },
];

/** The catalog entry of rule `id` (each rule module takes its meta from here). */
export function ruleMeta(id: string): RuleMeta {
  const meta = RULE_CATALOG.find((m) => m.id === id);
  if (!meta) throw new Error(`lint rule ${id} is not in the rule catalog (src/lint/rule-catalog.ts)`);
  return meta;
}
