import { describe, expect, it } from 'vitest';
import { buildSuggestion, type SuggestionInput } from '../../../src/verify/suggestion.js';

const failed: SuggestionInput = {
  verdict: 'fail',
  checks: [
    { name: 'workload-exit', ok: false, detail: 'exit 2' },
    { name: 'canary', ok: true, detail: 'denied' },
  ],
  explanation: {
    denied: [{ syscall: 'mkdir', arch: 'SCMP_ARCH_X86_64', count: 5, processes: ['mkdir'], action: 'ERRNO(EPERM)' }],
    failedCapabilities: ['CAP_SYS_ADMIN'],
    capabilitiesObserved: true,
    notes: [],
  },
  profile: 'job.json',
  workload: ['docker', 'run', 'img', '--flag', "it's"],
  exercise: 'curl -fsS http://$IP/',
};

describe('buildSuggestion', () => {
  it('is empty for a pass', () => {
    expect(buildSuggestion({ ...failed, verdict: 'pass' })).toBe('');
  });

  it('gives the record + generate commands, quoted for a shell, and the names to add', () => {
    expect(buildSuggestion(failed)).toBe(
      [
        'Allow mkdir: record the run that needs it and regenerate from all the evidence:',
        `  seccompose record -o extra.json --exercise 'curl -fsS http://$IP/' -- docker run img --flag 'it'\\''s'`,
        '  seccompose generate OLD-EVIDENCE.json extra.json -o job.fixed.json',
        'or add it to an SCMP_ACT_ALLOW rule of job.json.',
      ].join('\n'),
    );
  });

  it('names refused capabilities (not the harmless CAP_SYS_ADMIN overcommit check)', () => {
    const text = buildSuggestion({
      ...failed,
      explanation: {
        ...failed.explanation!,
        denied: [],
        failedCapabilities: ['CAP_NET_BIND_SERVICE', 'CAP_SYS_ADMIN'],
      },
    });
    expect(text).toBe(
      'Capabilities the kernel refused: CAP_NET_BIND_SERVICE; if the workload needs them: --cap-add NET_BIND_SERVICE',
    );
  });

  it("says when the failure is not seccomp's, and when there was no complain run", () => {
    const none = { ...failed, explanation: { ...failed.explanation!, denied: [], failedCapabilities: [] } };
    expect(buildSuggestion(none)).toMatch(/not seccomp's/);
    expect(buildSuggestion({ ...failed, explanation: undefined })).toMatch(/--explain/);
  });

  it('explains a failed canary', () => {
    const text = buildSuggestion({
      ...failed,
      checks: [{ name: 'canary', ok: false, detail: 'ran' }],
      explanation: undefined,
    });
    expect(text).toMatch(/does not prove enforcement/);
  });
});
