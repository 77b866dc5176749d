import { describe, expect, it } from 'vitest';
import { parseObservation } from '../../src/model/read-observation.js';
import { runCli } from '../helpers/cli.js';

const TRACE = [
  'not strace: the program printed this',
  '100 execve("/usr/bin/chown", ["chown", "nobody", "/tmp/f"], 0x7ffd /* 1 var */) = 0',
  '100 fchownat(AT_FDCWD, "/tmp/f", 65534, -1, 0) = 0',
  'another stray line',
  '100 exit_group(0)                     = ?',
  '100 +++ exited with 0 +++',
  '',
].join('\n');

describe('record --from-strace (built CLI): what the summary and the observation say', () => {
  it('reports lines that are not strace output with their line numbers, and stores inferred capabilities with evidence', () => {
    const r = runCli(['record', '-o', '-', '--from-strace', '-'], { input: TRACE });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      '  lines that are not trace output (left out): 2:\n    line 1: not strace: the program printed this\n    line 4: another stray line\n',
    );
    expect(r.stderr).toContain('  capabilities used: CAP_CHOWN (inferred)\n');
    const observation = parseObservation(r.stdout, 'stdout');
    expect(observation.diagnostics.unparsedLines).toBe(2);
    expect(observation.capabilities).toEqual({
      CAP_CHOWN: {
        source: 'inferred',
        checked: 0,
        granted: 0,
        denied: 0,
        evidence: ['fchownat() ×1: changes file ownership'],
      },
    });
  });

  it('stores no capability for a call that always failed (possible, not required)', () => {
    const failed = TRACE.replace('0) = 0', '0) = -1 EPERM (Operation not permitted)');
    const r = runCli(['record', '-o', '-', '--from-strace', '-'], { input: failed });
    expect(r.code, r.stderr).toBe(0);
    expect(parseObservation(r.stdout, 'stdout').capabilities).toEqual({});
    expect(r.stderr).toContain('  capabilities used: none\n');
  });
});
