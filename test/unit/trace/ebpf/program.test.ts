import { describe, expect, it } from 'vitest';
import { ebpfProgram } from '../../../../src/trace/ebpf/program.js';

/** The (mask, value) pairs of the program's runtime-comm test on `$old`. */
function runtimeTests(): { mask: bigint; value: bigint }[] {
  const program = ebpfProgram('id');
  const condition = /if \(\(uint64\)args->pid == tid && (\(.*?\)) && !/.exec(program)?.[1];
  if (!condition) throw new Error(`no runtime-comm test in:\n${program}`);
  return [...condition.matchAll(/\(\$old & (0x[0-9a-f]+)\) == (0x[0-9a-f]+)/g)].map(([, mask, value]) => ({
    mask: BigInt(mask!),
    value: BigInt(value!),
  }));
}

/** A comm's first 8 bytes as the kernel holds them: NUL-terminated, then whatever was there before. */
function head(comm: string, stale = 'XYZXYZXY'): bigint {
  const bytes = Buffer.alloc(8);
  Buffer.from(`${comm}\0${stale}`, 'latin1').copy(bytes, 0, 0, 8);
  return bytes.readBigUInt64LE(0);
}

const isRuntime = (comm: string, stale?: string) =>
  runtimeTests().some(({ mask, value }) => (head(comm, stale) & mask) === value);

describe('ebpf program: the runtime comm test on task_rename', () => {
  it('has one test per runtime name', () => {
    expect(runtimeTests()).toHaveLength(2);
  });

  it('matches runc init stages and crun, whatever follows the NUL', () => {
    for (const comm of ['runc:[0:PARENT]', 'runc:[1:CHILD]', 'runc:[2:INIT]', 'crun'])
      for (const stale of ['', 'XYZXYZXY', '\xff\xff\xff\xff']) expect(isRuntime(comm, stale), comm).toBe(true);
  });

  it('does not match the workload or names that only start like a runtime', () => {
    for (const comm of ['sh', 'nginx', 'runc', 'runc:', 'crun-x', 'crunch', 'cru', 'runc-init', 'docker-init'])
      expect(isRuntime(comm), comm).toBe(false);
  });
});
