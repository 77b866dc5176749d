import { describe, expect, it } from 'vitest';
import { findNamespace, hostnamesIn } from '../../../../src/trace/ebpf/find-namespace.js';
import type { Handover } from '../../../../src/trace/ebpf/parse.js';

const handovers: Handover[] = [
  { ns: '1317', inode: '4026532180', pid: 4434, hostname: 'web', count: 1 },
  { ns: '1317', inode: '4026532180', pid: 4500, hostname: 'web', count: 1 }, // docker exec
  { ns: '1400', inode: '4026532180', pid: 5000, hostname: 'other', count: 1 }, // inode reused later
  { ns: '1500', inode: '4026532255', pid: 6000, hostname: 'twin', count: 1 },
  { ns: '1600', inode: '4026532256', pid: 6100, hostname: 'twin', count: 1 },
];

describe('finding the container among the runtime handovers', () => {
  it("takes the namespace of the runtime's exec by the container's init pid", () => {
    expect(findNamespace(handovers, { pid: 4434, inode: '4026532180' }, undefined)).toEqual({
      ns: '1317',
      how: "the runtime's exec by init pid 4434",
    });
  });

  it('does not take a handover of the same pid in another namespace inode', () => {
    const found = findNamespace(handovers, { pid: 4434, inode: '4026539999' }, undefined);
    expect(found.ns).toBeUndefined();
  });

  it('falls back to a unique hostname when the init pid is not known', () => {
    expect(findNamespace(handovers, { pid: 0, inode: undefined }, 'other')).toMatchObject({ ns: '1400' });
  });

  it('gives up, saying why, when the hostname is ambiguous', () => {
    const found = findNamespace(handovers, { pid: 0, inode: undefined }, 'twin');
    expect(found).toEqual({ ns: undefined, why: expect.stringContaining('2 namespaces had hostname twin') });
  });

  it('lists the hostnames seen in one key (inode keys are reused)', () => {
    expect(hostnamesIn(handovers, '1317')).toEqual(['web']);
    const byInode = handovers.map((h) => ({ ...h, ns: h.inode }));
    expect(hostnamesIn(byInode, '4026532180')).toEqual(['other', 'web']);
  });
});
