import { describe, expect, it } from 'vitest';
import {
  capabilityFindingsOf,
  combineFindings,
  requiredCapabilities,
  withInferredCapabilities,
} from '../../../src/observation/infer-capabilities.js';
import type { Observation } from '../../../src/model/observation.js';
import { fixture } from '../generate/fixtures.js';
import { calls, observationOf } from '../../helpers/observation.js';

const capsOf = (obs: Observation) => requiredCapabilities(combineFindings(capabilityFindingsOf(obs)));
const possibleOf = (obs: Observation) =>
  combineFindings(capabilityFindingsOf(obs))
    .filter((f) => f.status === 'possible')
    .map((f) => f.capability);
const x64 = (counts: Record<string, number>, extra: Partial<Observation> = {}) =>
  observationOf({ SCMP_ARCH_X86_64: calls(counts) }, extra);

describe('capability inference table', () => {
  it.each([
    [{ fchownat: 1 }, ['CAP_CHOWN']],
    [{ setresuid: 1, setuid: 1 }, ['CAP_SETUID']],
    [{ setgroups: 1, setresgid: 1 }, ['CAP_SETGID']],
    [{ mknodat: 1 }, ['CAP_MKNOD']],
    [{ chroot: 1 }, ['CAP_SYS_CHROOT']],
    [{ mount: 1 }, ['CAP_SYS_ADMIN']],
    [{ read: 1, write: 1 }, []],
  ])('%o → %o', (counts, expected) => {
    expect(capsOf(x64(counts))).toEqual(expected);
  });

  it('does not add a capability for calls that always failed (the workload ran without it)', () => {
    const obs = observationOf({ SCMP_ARCH_X86_64: { chown: { count: 3, errors: 3, firstSeen: 0 } } });
    expect(capsOf(obs)).toEqual([]);
    expect(possibleOf(obs)).toEqual(['CAP_CHOWN']);
  });

  it('reports undecidable capabilities as possible and never adds them', () => {
    const obs = x64({ fchmod: 1, kill: 1, capset: 1, setxattr: 1 });
    expect(capsOf(obs)).toEqual([]);
    expect(possibleOf(obs)).toEqual(['CAP_FOWNER', 'CAP_KILL', 'CAP_SETFCAP', 'CAP_SETPCAP']);
  });

  it('reads bind ports, socket families/types/protocols and prctl options', () => {
    expect(capsOf(x64({ bind: 1 }, { bindPorts: [80, 8080] }))).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(capsOf(x64({ bind: 1 }, { bindPorts: [8080] }))).toEqual([]);
    const container = (dockerArgs: string[]) =>
      x64(
        { bind: 1 },
        {
          bindPorts: [80],
          workload: { kind: 'container', image: 'x', dockerArgs, command: [], noNewPrivileges: false },
        },
      );
    expect(capsOf(container(['--rm', '-p', '8080:80']))).toEqual([]);
    expect(possibleOf(container(['--rm']))).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(capsOf(container(['--network', 'host']))).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(capsOf(container(['--net=host']))).toEqual(['CAP_NET_BIND_SERVICE']);
    expect(capsOf(container(['--sysctl', 'net.ipv4.ip_unprivileged_port_start=1024']))).toEqual([
      'CAP_NET_BIND_SERVICE',
    ]);
    expect(capsOf(container(['--sysctl=net.ipv4.ip_unprivileged_port_start=81']))).toEqual(['CAP_NET_BIND_SERVICE']);
    const socket = (domains: number[], types: number[], protocols: number[] = [0]) =>
      x64(
        { socket: 1 },
        {
          args: {
            socket: {
              '0': { values: domains, truncated: false },
              '1': { values: types, truncated: false },
              '2': { values: protocols, truncated: false },
            },
          },
        },
      );
    expect(capsOf(socket([17], [3]))).toEqual(['CAP_NET_RAW']);
    expect(capsOf(socket([2], [3 | 0x80000]))).toEqual(['CAP_NET_RAW']);
    expect(capsOf(socket([16], [3]))).toEqual([]);
    expect(possibleOf(socket([2, 16], [1, 3]))).toEqual(['CAP_NET_RAW']);
    expect(capsOf(socket([16], [3], [9]))).toEqual(['CAP_AUDIT_WRITE']);
    expect(capsOf(x64({ prctl: 1 }, { args: { prctl: { '0': { values: [24], truncated: false } } } }))).toEqual([
      'CAP_SETPCAP',
    ]);
  });

  it('uses observed capability checks, and only the granted ones, when the backend traced them', () => {
    const nginx = fixture('nginx-ebpf.json').observation;
    expect(capsOf(nginx)).toEqual(['CAP_CHOWN', 'CAP_SETGID', 'CAP_SETUID']);
    const finding = combineFindings(capabilityFindingsOf(nginx)).find((f) => f.capability === 'CAP_CHOWN')!;
    expect(finding).toMatchObject({ source: 'observed', evidence: ['2 of 2 kernel checks granted', 'chown(2)'] });
  });

  it('combines observations: required wins, evidence is unioned and sorted', () => {
    const a = capabilityFindingsOf(
      observationOf({ SCMP_ARCH_X86_64: { chown: { count: 1, errors: 1, firstSeen: 0 } } }),
    );
    const b = capabilityFindingsOf(x64({ fchown: 2 }));
    const [combined] = combineFindings([...a, ...b]);
    expect(combined!.status).toBe('required');
    expect(combined!.evidence).toHaveLength(2);
  });
});

describe('withInferredCapabilities (what record stores for backends that do not trace capability checks)', () => {
  it('adds the required findings as inferred, with counts 0 and the evidence; possible ones stay out', () => {
    const obs = withInferredCapabilities(x64({ fchownat: 2, fchmod: 1 }));
    expect(obs.capabilities).toEqual({
      CAP_CHOWN: {
        source: 'inferred',
        checked: 0,
        granted: 0,
        denied: 0,
        evidence: ['fchownat() ×2: changes file ownership'],
      },
    });
    expect(capsOf(obs)).toEqual(['CAP_CHOWN']);
  });

  it('leaves an observation with observed capabilities (ebpf) as it is', () => {
    const observed = {
      CAP_SETUID: {
        source: 'observed' as const,
        checked: 1,
        granted: 1,
        denied: 0,
        evidence: ['cap_capable granted 1 time'],
      },
    };
    const obs = x64({ fchownat: 1 }, { capabilities: observed });
    expect(withInferredCapabilities(obs)).toBe(obs);
  });
});
