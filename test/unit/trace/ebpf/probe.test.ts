import { describe, expect, it } from 'vitest';
import type { RunResult, Runner } from '../../../../src/exec/run.js';
import { probeEbpf, type EbpfProbeHost } from '../../../../src/trace/ebpf/probe.js';

function result(stdout: string, exitCode = 0): RunResult {
  return {
    command: 'bpftrace',
    exitCode,
    signal: undefined,
    stdout,
    stderr: '',
    timedOut: false,
    cancelled: false,
    failed: exitCode !== 0,
  };
}

/** `bpftrace -lv` on Linux 6.18: the tracepoints the program uses, with their fields. */
const LINUX_6_18: Record<string, string[]> = {
  'task:task_rename': ['pid_t pid', 'char oldcomm[16]', 'char newcomm[16]', 'short oom_score_adj'],
  'task:task_newtask': ['pid_t pid', 'char comm[16]', 'u64 clone_flags', 'short oom_score_adj'],
  'sched:sched_process_exit': ['char comm[16]', 'pid_t pid', 'int prio', 'bool group_dead'],
  'raw_syscalls:sys_enter': ['long id', 'unsigned long args[6]'],
  'raw_syscalls:sys_exit': ['long id', 'long ret'],
  'capability:cap_capable': [
    'const struct cred * cred',
    'struct user_namespace * target_ns',
    'const struct user_namespace * capable_ns',
    'int cap',
    'int ret',
  ],
};

/** A machine with bpftrace 0.17 and the listed tracepoints. */
function host(overrides: Partial<EbpfProbeHost> = {}, tracepoints = LINUX_6_18): EbpfProbeHost {
  const runner: Runner = {
    run: async (_file, args) => {
      if (args[0] === '--version') return result('bpftrace v0.17.0\n');
      const wanted = args[1]!;
      const fields = tracepoints[wanted.replace(/^tracepoint:/, '')];
      return result(fields ? `${wanted}\n${fields.map((f) => `    ${f}\n`).join('')}` : '');
    },
    spawn: () => {
      throw new Error('not used');
    },
  };
  return { runner, arch: () => 'SCMP_ARCH_X86_64', uid: () => 0, tracefsMounted: async () => true, ...overrides };
}

describe('ebpf probe', () => {
  it('reports the bpftrace version when everything is there', async () => {
    expect(await probeEbpf(host())).toEqual({ ok: true, version: '0.17.0' });
  });

  it.each([
    ['a non-x86_64 host', host({ arch: () => 'SCMP_ARCH_AARCH64' }), /x86_64 hosts only/, /--backend audit/],
    ['no root', host({ uid: () => 1000 }), /needs root/, /sudo/],
    [
      'tracefs not mounted',
      host({ tracefsMounted: async () => false }),
      /tracefs is not mounted/,
      /mount -t tracefs nodev \/sys\/kernel\/tracing/,
    ],
    [
      'no cap_capable tracepoint',
      host({}, Object.fromEntries(Object.entries(LINUX_6_18).filter(([t]) => t !== 'capability:cap_capable'))),
      /lacks tracepoint:capability:cap_capable$/,
      /--backend audit/,
    ],
    [
      'sched_process_exit without group_dead',
      host({}, { ...LINUX_6_18, 'sched:sched_process_exit': ['char comm[16]', 'pid_t pid', 'int prio'] }),
      /lacks tracepoint:sched:sched_process_exit \(no field group_dead\)$/,
      /--backend audit/,
    ],
  ])('says why not and what to do: %s', async (_what, machine, reason, hint) => {
    const probe = await probeEbpf(machine);
    expect(probe.ok).toBe(false);
    if (probe.ok) return;
    expect(probe.reason).toMatch(reason);
    expect(probe.hint).toMatch(hint);
  });

  it('says bpftrace is missing', async () => {
    const missing: Runner = {
      run: async () => result('', 127),
      spawn: () => {
        throw new Error('not used');
      },
    };
    const probe = await probeEbpf(host({ runner: missing }));
    expect(probe.ok).toBe(false);
  });
});
