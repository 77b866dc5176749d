import { describe, expect, it } from 'vitest';
import { EnvironmentError, UsageError } from '../../../src/errors.js';
import { processRunner } from '../../../src/exec/run.js';
import { silentLogger } from '../../../src/log.js';
import type { BackendName } from '../../../src/model/observation.js';
import type { ContainerBackend, ProbeResult } from '../../../src/trace/backend.js';
import { selectBackend } from '../../../src/record/backend-select.js';

/** A backend whose probe answers as told, and counts how often it was asked. */
function probing(name: BackendName, result: ProbeResult, asked: BackendName[]): () => ContainerBackend {
  return () => ({
    name,
    probe: async () => {
      asked.push(name);
      return result;
    },
    prepare: async () => ({ dockerArgs: [] }),
    started: async () => undefined,
    collect: async () => {
      throw new Error('not used');
    },
    dispose: async () => undefined,
  });
}

const context = {
  runner: processRunner,
  logger: silentLogger(),
  signal: new AbortController().signal,
  tempDir: '/nonexistent',
};
const ok = (version: string): ProbeResult => ({ ok: true, version });
const no = (reason: string): ProbeResult => ({ ok: false, reason, hint: `fix ${reason}` });

describe('selectBackend', () => {
  it('auto picks ebpf when its probe passes, without probing the others', async () => {
    const asked: BackendName[] = [];
    const registry = {
      ebpf: probing('ebpf', ok('bpftrace 0.17.0'), asked),
      audit: probing('audit', ok('auditd 3.0.9'), asked),
    };
    const selected = await selectBackend('auto', registry, context);
    expect(selected).toMatchObject({ version: 'bpftrace 0.17.0', skipped: [] });
    expect(selected.backend.name).toBe('ebpf');
    expect(asked).toEqual(['ebpf']);
  });

  it('auto falls back to audit, then strace, and says why each was passed over', async () => {
    const asked: BackendName[] = [];
    const registry = {
      ebpf: probing('ebpf', no('tracepoints unavailable'), asked),
      audit: probing('audit', no('auditd is not running'), asked),
      strace: probing('strace', ok('6.1'), asked),
    };
    const selected = await selectBackend('auto', registry, context);
    expect(selected.backend.name).toBe('strace');
    expect(selected.skipped).toEqual(['ebpf: tracepoints unavailable', 'audit: auditd is not running']);
  });

  it('auto skips backends not in this build', async () => {
    const selected = await selectBackend('auto', { audit: probing('audit', ok('a'), []) }, context);
    expect(selected.skipped).toEqual(['ebpf: not available in this build']);
  });

  it('auto with nothing working is an EnvironmentError listing every reason', async () => {
    const registry = { ebpf: probing('ebpf', no('no bpftrace'), []), audit: probing('audit', no('no auditd'), []) };
    await expect(selectBackend('auto', registry, context)).rejects.toThrow(EnvironmentError);
    await expect(selectBackend('auto', registry, context)).rejects.toThrow(
      /ebpf: no bpftrace\n {2}audit: no auditd\n {2}strace: not available/,
    );
  });

  it('an explicit backend that cannot run fails with its own reason and hint, without trying others', async () => {
    const asked: BackendName[] = [];
    const registry = {
      ebpf: probing('ebpf', ok('x'), asked),
      audit: probing('audit', no('auditd is not running'), asked),
    };
    await expect(selectBackend('audit', registry, context)).rejects.toMatchObject({
      message: 'the audit backend cannot run here: auditd is not running',
      hint: 'fix auditd is not running',
    });
    expect(asked).toEqual(['audit']);
  });

  it('an explicit backend missing from the build is a usage error naming the ones there are', async () => {
    await expect(selectBackend('strace', { audit: probing('audit', ok('a'), []) }, context)).rejects.toThrow(
      UsageError,
    );
    await expect(selectBackend('strace', { audit: probing('audit', ok('a'), []) }, context)).rejects.toMatchObject({
      hint: /--backend audit or auto/,
    });
  });
});
