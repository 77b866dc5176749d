import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../../src/trace/audit/lines.js';
import { AuditWindow, type AttributionTarget } from '../../../../src/trace/audit/window.js';
import { repoRoot } from '../../../helpers/cli.js';

/**
 * Real audit.log windows captured on this machine (auditd 3.0.9, Docker 20.10) while a busybox
 * container ran under Docker's default profile with ALLOW → LOG (plus KILL_PROCESS on sync),
 * with seccompose's process-tree rules (execve, execveat, exit_group) in place. Other host
 * activity (dpkg, other containers' runc) is interleaved, as in real life.
 */
const FIXTURES = join(repoRoot, 'test', 'fixtures', 'audit-3.0.9');
const runcLog = readFileSync(join(FIXTURES, 'busybox-runc-tree.audit'));
const crunLog = readFileSync(join(FIXTURES, 'busybox-crun-tree.audit'));
const RUNC_ID = '6fe8f444c3e3599ab70a704c366996d149105f70f86bfd792d0165b6798e20a5';

function windowOf(chunks: Buffer[]): AuditWindow {
  const window = new AuditWindow();
  const splitter = new LineSplitter();
  for (const chunk of chunks) for (const line of splitter.push(chunk)) window.addLine(line);
  for (const line of splitter.end()) window.addLine(line);
  return window;
}

function namesOf(window: AuditWindow, target: AttributionTarget) {
  const result = window.attribute(target);
  const workload = result.workload.toEvidence();
  const runtime = result.runtime.toEvidence();
  return {
    workload: Object.keys(workload.syscalls.SCMP_ARCH_X86_64 ?? {}),
    compat: Object.keys(workload.syscalls.SCMP_ARCH_X86 ?? {}),
    blocked: workload.blocked,
    runtime: Object.keys(runtime.syscalls.SCMP_ARCH_X86_64 ?? {}),
    result,
    workloadEvidence: workload,
  };
}

describe('AuditWindow attribution (runc)', () => {
  const window = windowOf([runcLog]);

  it('finds the init through the shim that names the container id when the pid is unknown', () => {
    const { result } = namesOf(window, { kind: 'container', id: RUNC_ID, initPid: 0 });
    expect(result.rootPids).toEqual([18248]);
    expect(result.processes).toBe(10);
  });

  it('splits the runtime (runc:[2:INIT] up to the exec) from the workload', () => {
    const { workload, runtime } = namesOf(window, { kind: 'container', id: RUNC_ID, initPid: 18248 });
    expect(runtime).toEqual(
      expect.arrayContaining(['capget', 'capset', 'setgroups', 'setuid', 'setgid', 'execve', 'prctl']),
    );
    expect(workload).toEqual(
      expect.arrayContaining(['mkdir', 'rename', 'rmdir', 'unlink', 'clone', 'wait4', 'execve']),
    );
    expect(runtime).not.toContain('mkdir');
    expect(workload).not.toContain('capset');
  });

  it('counts the 32-bit call under SCMP_ARCH_X86 and the KILL_PROCESS action as blocked', () => {
    const { compat, blocked } = namesOf(window, { kind: 'container', id: RUNC_ID, initPid: 18248 });
    expect(compat).toEqual(['getpid']);
    expect(blocked).toEqual({ SCMP_ARCH_X86_64: { sync: 1 } });
  });

  it('keeps a subtree only when asked for one pid', () => {
    const { workload, runtime, result } = namesOf(window, { kind: 'pids', pids: [18275] });
    expect(result.processes).toBe(1);
    expect(workload).toContain('mkdir');
    expect(workload).not.toContain('rename');
    expect(runtime).toEqual([]);
  });

  it('attributes nothing to a container id it has no shim for', () => {
    const { result } = namesOf(window, { kind: 'container', id: 'f'.repeat(64), initPid: 0 });
    expect(result.rootPids).toEqual([]);
    expect(result.records).toBe(0);
    expect(result.excluded.records).toBe(window.activity.records);
  });
});

describe('AuditWindow attribution (crun)', () => {
  const window = windowOf([crunLog]);

  it("splits crun's own calls and decodes hex-encoded comms of children", () => {
    const { workload, runtime, result } = namesOf(window, { kind: 'comm', comm: 'crun' });
    expect(result.rootPids).toEqual([1822]);
    expect(runtime).toEqual(expect.arrayContaining(['capset', 'prctl', 'execve', 'setresuid']));
    expect(workload).toEqual(expect.arrayContaining(['mkdir', 'execve', 'brk']));
    expect(window.activity.pids()).toContain(1844);
  });
});

describe('chunk boundaries', () => {
  const target: AttributionTarget = { kind: 'container', id: RUNC_ID, initPid: 0 };
  const whole = JSON.stringify(namesOf(windowOf([runcLog]), target).workloadEvidence);

  it('any split of the log into chunks gives the same evidence', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: runcLog.length - 1 }), { maxLength: 40 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), runcLog.length];
        const chunks = points.slice(1).map((end, i) => runcLog.subarray(points[i], end));
        expect(JSON.stringify(namesOf(windowOf(chunks), target).workloadEvidence)).toBe(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('a partial last line is held until its end arrives', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('type=SECCOMP msg=audit(1:2): pid=1'))).toEqual([]);
    expect(splitter.pending).toBeGreaterThan(0);
    expect(splitter.push(Buffer.from(' comm="x"\nnext'))).toEqual(['type=SECCOMP msg=audit(1:2): pid=1 comm="x"']);
    expect(splitter.end()).toEqual(['next']);
  });

  it('counts garbage lines in the diagnostics with samples', () => {
    const window = windowOf([Buffer.from('not an audit line\n'), runcLog]);
    const { workloadEvidence } = namesOf(window, target);
    expect(workloadEvidence.diagnostics.unparsedLines).toBe(1);
    expect(workloadEvidence.diagnostics.unparsedSamples).toEqual([{ line: 1, text: 'not an audit line' }]);
  });
});
