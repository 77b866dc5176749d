import { describe, expect, it } from 'vitest';
import {
  attachExtension,
  checkedInode,
  checkedPid,
  parseAdmission,
} from '../../../../src/trace/ebpf/attach-program.js';
import { BpftraceJsonReader } from '../../../../src/trace/ebpf/parse.js';
import { EBPF_READY_MARKER, ebpfProgram } from '../../../../src/trace/ebpf/program.js';

describe('attach program extension', () => {
  const program = ebpfProgram(
    'inode',
    attachExtension(
      ['4026532180', '4026532190'],
      [
        { pid: 1234, inode: '4026532180' },
        { pid: 1240, inode: '4026532190' },
      ],
    ),
  );

  it('seeds the gate in BEGIN, before the ready marker, with numeric constants', () => {
    const begin = /BEGIN \{(.*)\}/.exec(program)![1]!;
    expect(begin).toContain('@rec[(uint64)1234] = (uint32)4026532180;');
    expect(begin).toContain('@rec[(uint64)1240] = (uint32)4026532190;');
    expect(begin).toContain('@target[(uint32)4026532180] = 1;');
    expect(begin.indexOf('@rec[')).toBeLessThan(begin.indexOf(EBPF_READY_MARKER));
  });

  it('admits forks in a target namespace, except the runtime’s, and prints each admission', () => {
    expect(program.match(/tracepoint:task:task_newtask/g)).toHaveLength(2);
    expect(program).toContain('$head = *(uint64 *)curtask->comm;');
    expect(program).toContain(
      '@target[$inode] && !(($head & 0xffffffffffff) == 0x5b3a636e7572 || ($head & 0xffffffffff) == 0x6e757263)',
    );
    expect(program).toContain('printf("SECCOMPOSE_ADMIT %d %u\\n", args->pid, $inode);');
    expect(program).toContain('if (@rec[(uint64)args->pid]) { delete(@rec[(uint64)args->pid]); }');
    expect(program).toContain('END { clear(@rec); clear(@target); }');
  });

  it('leaves the recording program unchanged without an extension', () => {
    const plain = ebpfProgram('id');
    expect(plain).not.toContain('@target');
    expect(plain).toContain(`BEGIN { printf("${EBPF_READY_MARKER}\\n"); }`);
    expect(plain.match(/tracepoint:task:task_newtask/g)).toHaveLength(1);
    expect(plain).toContain('END { clear(@rec); }');
  });

  it.each([0, -1, 1.5, Number.NaN, 4_194_305, Number.MAX_SAFE_INTEGER + 2])('refuses pid %s', (pid) => {
    expect(() => checkedPid(pid)).toThrow(RangeError);
  });

  it.each(['', '0', '12a', '1; system("id")', '4294967296', '-5', ' 12', '12345678901'])(
    'refuses inode %j',
    (inode) => {
      expect(() => checkedInode(inode)).toThrow(RangeError);
    },
  );

  it('accepts the largest values and writes them canonically', () => {
    expect(checkedPid(4_194_304)).toBe('4194304');
    expect(checkedInode('4294967295')).toBe('4294967295');
    expect(checkedInode('0042')).toBe('42');
  });

  it('refuses a seed outside the targets and an attach with no target', () => {
    expect(() => attachExtension(['4026532180'], [{ pid: 5, inode: '4026532999' }])).toThrow(/no target/);
    expect(() => attachExtension([], [])).toThrow(/at least one/);
    expect(() => attachExtension(['4026532180'], [{ pid: 5.5, inode: '4026532180' }])).toThrow(/process id/);
  });

  it('reads admission lines and nothing else', () => {
    expect(parseAdmission('SECCOMPOSE_ADMIT 8225 4026532180\n')).toEqual({ pid: 8225, inode: '4026532180' });
    expect(parseAdmission('SECCOMPOSE_ADMIT 8225')).toBeUndefined();
    expect(parseAdmission('SECCOMPOSE_EBPF_READY')).toBeUndefined();
    expect(parseAdmission('SECCOMPOSE_ADMIT -1 4026532180')).toBeUndefined();
  });
});

describe('the reader hands an attach its admission lines', () => {
  it('passes every printf but the ready marker to onPrintf, as bpftrace 0.17 prints them', () => {
    const printed: string[] = [];
    let ready = 0;
    const reader = new BpftraceJsonReader(
      EBPF_READY_MARKER,
      () => (ready += 1),
      (text) => printed.push(text),
    );
    for (const line of [
      '{"type": "attached_probes", "data": {"probes": 9}}',
      `{"type": "printf", "data": "${EBPF_READY_MARKER}\\n"}`,
      '{"type": "printf", "data": "SECCOMPOSE_ADMIT 8225 4026532180\\n"}',
      '{"type": "printf", "data": "SECCOMPOSE_ADMIT 8226 4026532180\\n"}',
    ])
      reader.addLine(line);
    expect(ready).toBe(1);
    expect(printed.map(parseAdmission)).toEqual([
      { pid: 8225, inode: '4026532180' },
      { pid: 8226, inode: '4026532180' },
    ]);
    expect(reader.output.unparsed).toEqual([]);
  });
});
