import { describe, expect, it } from 'vitest';
import { abiOf, buildCapabilities, buildEvidence } from '../../../../src/trace/ebpf/evidence.js';
import { parseBpftraceJson, type BpftraceOutput } from '../../../../src/trace/ebpf/parse.js';
import { EBPF_READY_MARKER } from '../../../../src/trace/ebpf/program.js';
import { BUSYBOX_NS, readBpftraceFixture } from './fixtures.js';

const output = parseBpftraceJson(readBpftraceFixture('busybox-run.jsonl'), EBPF_READY_MARKER);

function empty(): BpftraceOutput {
  return {
    attachedProbes: 4,
    ready: true,
    enter: [],
    fail: [],
    caps: [],
    handovers: [],
    lostEvents: 0,
    helperErrors: 0,
    unparsed: [],
  };
}

describe('ebpf evidence of one container', () => {
  const evidence = buildEvidence(output, BUSYBOX_NS);

  it('keeps the workload syscalls per ABI, the i386 ones apart', () => {
    expect(Object.keys(evidence.syscalls.SCMP_ARCH_X86 ?? {})).toEqual(['exit', 'getpid', 'getppid']);
    expect(evidence.syscalls.SCMP_ARCH_X86?.getpid?.count).toBe(2);
    const native = evidence.syscalls.SCMP_ARCH_X86_64 ?? {};
    for (const name of ['execve', 'chown', 'bind', 'listen', 'socket', 'wait4']) expect(native).toHaveProperty(name);
  });

  it("leaves out runc's setup and other namespaces", () => {
    const native = evidence.syscalls.SCMP_ARCH_X86_64 ?? {};
    for (const name of ['pivot_root', 'mount', 'umount2', 'sethostname', 'keyctl', 'seccomp', 'unshare'])
      expect(native).not.toHaveProperty(name);
    const other = buildEvidence({ ...output, enter: output.enter.map((c) => ({ ...c, ns: '9' })) }, BUSYBOX_NS);
    expect(other.syscalls).toEqual({});
  });

  it("counts sys_enter's id -1 (no syscall) apart, never as an unknown syscall number", () => {
    const none = buildEvidence(
      {
        ...empty(),
        enter: [
          { ns: BUSYBOX_NS, compat: false, id: -1, count: 3 },
          { ns: BUSYBOX_NS, compat: false, id: 39, count: 2 },
        ],
        fail: [{ ns: BUSYBOX_NS, compat: false, id: -1, count: 5 }],
      },
      BUSYBOX_NS,
    );
    expect(none.diagnostics.noSyscallEvents).toBe(3);
    expect(none.diagnostics.unknownSyscalls).toEqual([]);
    expect(none.syscalls).toEqual({ SCMP_ARCH_X86_64: { getpid: expect.objectContaining({ count: 2 }) } });
    expect(none.blocked).toEqual({});
    expect(evidence.diagnostics.noSyscallEvents).toBeUndefined();
  });

  it('reports the call the baseline blocked as blocked, not as a syscall', () => {
    expect(evidence.blocked).toEqual({ SCMP_ARCH_X86_64: { unshare: 1 } });
  });

  it('counts failed calls that were entered as errors', () => {
    expect(evidence.syscalls.SCMP_ARCH_X86_64?.wait4).toMatchObject({ count: 8, errors: 3 });
  });

  it('observes the capabilities the kernel granted, and the denied noaudit checks apart', () => {
    expect(evidence.capabilities.CAP_CHOWN).toEqual({
      source: 'observed',
      checked: 2,
      granted: 2,
      denied: 0,
      evidence: ['cap_capable granted 2 times'],
    });
    expect(evidence.capabilities.CAP_NET_BIND_SERVICE).toMatchObject({
      granted: 1,
      denied: 0,
      evidence: ['cap_capable granted 1 time'],
    });
    expect(evidence.capabilities.CAP_SYS_ADMIN).toMatchObject({ granted: 0, denied: 50 });
    expect(Object.keys(evidence.capabilities)).toEqual(['CAP_CHOWN', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_ADMIN']);
  });

  it('is complete with nothing lost', () => {
    expect(evidence.diagnostics.lostEvents).toBe(0);
    expect(evidence.diagnostics.unknownSyscalls).toEqual([]);
  });
});

describe('ebpf evidence edge cases', () => {
  it('tells x32 calls by their syscall bit', () => {
    expect(abiOf({ compat: false, id: 0x40000000 + 1 })).toBe('SCMP_ARCH_X32');
    expect(abiOf({ compat: true, id: 1 })).toBe('SCMP_ARCH_X86');
    expect(abiOf({ compat: false, id: 1 })).toBe('SCMP_ARCH_X86_64');
  });

  it('lower-bounds blocked attempts of a partly blocked syscall by failures beyond entries', () => {
    const out = empty();
    out.enter.push({ ns: '5', compat: false, id: 56, count: 3 });
    out.fail.push({ ns: '5', compat: false, id: 56, count: 5 });
    const ev = buildEvidence(out, '5');
    expect(ev.syscalls.SCMP_ARCH_X86_64?.clone).toMatchObject({ count: 3, errors: 3 });
    expect(ev.blocked).toEqual({ SCMP_ARCH_X86_64: { clone: 2 } });
  });

  it('keeps unknown numbers and adds lost events and helper errors to lostEvents', () => {
    const out = empty();
    out.enter.push({ ns: '5', compat: false, id: 9999, count: 1 });
    out.lostEvents = 2;
    out.helperErrors = 3;
    const ev = buildEvidence(out, '5');
    expect(ev.diagnostics.unknownSyscalls).toEqual(['SCMP_ARCH_X86_64:9999']);
    expect(ev.diagnostics.lostEvents).toBe(5);
  });

  it('notes capability numbers it does not know instead of inventing names', () => {
    const out = empty();
    out.caps.push({ ns: '5', cap: 63, granted: true, count: 1 });
    const ev = buildEvidence(out, '5');
    expect(ev.capabilities).toEqual({});
    expect(ev.notes).toEqual(['capability numbers this build does not know were checked: 63']);
  });

  it('merges granted and denied checks of one capability', () => {
    expect(
      buildCapabilities([
        { ns: '1', cap: 7, granted: true, count: 1 },
        { ns: '1', cap: 7, granted: false, count: 2 },
      ]),
    ).toEqual({
      CAP_SETUID: {
        source: 'observed',
        checked: 3,
        granted: 1,
        denied: 2,
        evidence: ['cap_capable granted 1 time', 'cap_capable denied 2 times'],
      },
    });
  });
});
