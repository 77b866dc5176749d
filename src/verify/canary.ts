import { errnoName } from '../kernel/errno.js';
import { syscallNumber } from '../kernel/syscalls.js';
import { formatVerdict, isPermissive } from '../profile/decision.js';
import { evaluate } from '../profile/evaluate.js';
import type { ResolvedPolicy } from '../profile/resolve.js';

/**
 * Syscalls the canary may probe, in order of preference. Each is harmless with all-zero
 * arguments and its natural outcome (measured unconfined, as root, on x86_64) is known, so an
 * exit status different from it can only come from the filter: `natural` is the errno the call
 * itself returns (0 = it succeeds). reboot, vhangup, acct and syslog are deliberately absent.
 */
export const CANARY_CANDIDATES: readonly { name: string; natural: number }[] = [
  { name: 'getcpu', natural: 0 },
  { name: 'getppid', natural: 0 },
  { name: 'getpgrp', natural: 0 },
  { name: 'sched_yield', natural: 0 },
  { name: 'gettid', natural: 0 },
  { name: 'get_mempolicy', natural: 0 },
  { name: 'keyctl', natural: 22 },
  { name: 'add_key', natural: 14 },
  { name: 'request_key', natural: 14 },
  { name: 'unshare', natural: 0 },
];

/** Exit status of a process killed by SIGSYS (128 + 31), as `docker exec` and runc report it. */
export const SIGSYS_EXIT = 159;

/** The probe the canary makes and the exit status that proves enforcement. */
export interface CanaryPlan {
  syscall: string;
  nr: number;
  /** Exit statuses that prove the filter acted: the errno, or 159 for a kill/trap. */
  expected: number;
  /** `ERRNO(EPERM)`, `KILL_PROCESS`, ... for messages. */
  action: string;
}

/** Why no canary can be planned. */
export type CanaryChoice = { ok: true; plan: CanaryPlan } | { ok: false; reason: string };

const KILLS = new Set(['SCMP_ACT_KILL', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_KILL_THREAD', 'SCMP_ACT_TRAP']);

/**
 * Pick the first candidate the policy denies with ERRNO (an errno its natural call cannot
 * return) or kills. `null` policy = unconfined. The canary ELF is x86_64 code.
 */
export function chooseCanary(policy: ResolvedPolicy | null, machineArch: string): CanaryChoice {
  if (machineArch !== 'x64' && machineArch !== 'x86_64') {
    return {
      ok: false,
      reason: `the enforcement canary is x86_64 machine code; it is not supported on ${machineArch}, so enforcement was not proven`,
    };
  }
  if (policy === null)
    return { ok: false, reason: 'the workload ran unconfined (seccomp=unconfined): nothing is denied' };
  for (const candidate of CANARY_CANDIDATES) {
    const verdict = evaluate(policy, 'SCMP_ARCH_X86_64', candidate.name);
    if (isPermissive(verdict.action)) continue;
    const nr = syscallNumber('SCMP_ARCH_X86_64', candidate.name)!;
    if (KILLS.has(verdict.action))
      return { ok: true, plan: { syscall: candidate.name, nr, expected: SIGSYS_EXIT, action: formatVerdict(verdict) } };
    if (
      verdict.action === 'SCMP_ACT_ERRNO' &&
      verdict.errnoRet !== undefined &&
      verdict.errnoRet !== candidate.natural &&
      verdict.errnoRet > 0
    ) {
      return {
        ok: true,
        plan: { syscall: candidate.name, nr, expected: verdict.errnoRet, action: formatVerdict(verdict) },
      };
    }
  }
  const names = CANARY_CANDIDATES.map((c) => c.name).join(', ');
  const why =
    policy.defaultAction === 'SCMP_ACT_ALLOW' || policy.defaultAction === 'SCMP_ACT_LOG'
      ? `its defaultAction is ${policy.defaultAction}, so it denies nothing it does not list`
      : 'it allows all of them (or denies them only in ways the canary cannot tell from the call itself)';
  return { ok: false, reason: `the profile denies none of the canary syscalls (${names}): ${why}` };
}

/** A canary execution's outcome: its exit status, or why it could not run. */
export type CanaryRun = { ran: true; exitCode: number; where: string } | { ran: false; why: string };

/** Judge the canary: the filter in force must have denied the probe exactly as the profile says. */
export function judgeCanary(plan: CanaryPlan, run: CanaryRun): { ok: boolean; detail: string } {
  if (!run.ran) return { ok: false, detail: `the canary could not run: ${run.why}` };
  const wanted = `${plan.syscall} must be denied with ${plan.action}`;
  if (run.exitCode === plan.expected) {
    return { ok: true, detail: `${plan.syscall} was denied with ${plan.action} ${run.where}: the profile is enforced` };
  }
  return {
    ok: false,
    detail: `${wanted}, but ${describeExit(run.exitCode)} ${run.where}: the profile is not in force`,
  };
}

function describeExit(code: number): string {
  if (code === 0) return 'the call ran and succeeded';
  if (code === SIGSYS_EXIT) return 'the probe was killed by SIGSYS';
  const name = errnoName(code);
  return `the call returned ${name ?? `errno ${code}`}`;
}
