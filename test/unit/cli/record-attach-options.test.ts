import { describe, expect, it } from 'vitest';
import { parseRecordFlags, type RawRecordFlags } from '../../../src/cli/commands/record-options.js';
import { UsageError } from '../../../src/errors.js';

const raw = (over: Partial<RawRecordFlags> = {}): RawRecordFlags => ({
  output: 'obs.json',
  backend: 'auto',
  baseline: 'docker-default',
  grace: '10',
  readyTimeout: '60',
  exerciseTimeout: '600',
  ...over,
});

function usage(over: Partial<RawRecordFlags>, argv: string[] = []): UsageError {
  try {
    parseRecordFlags(raw(over), argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('record --attach flags', () => {
  it('attaches to named containers, or with -f to the running project', () => {
    expect(parseRecordFlags(raw({ attach: ['web', 'db'], duration: '3' }), []).mode).toEqual({
      kind: 'attach',
      names: ['web', 'db'],
    });
    expect(parseRecordFlags(raw({ attach: true, file: ['compose.yaml'], service: ['api', 'api'] }), []).mode).toEqual({
      kind: 'compose-attach',
      files: ['compose.yaml'],
      project: undefined,
      services: ['api'],
    });
  });

  it('takes ebpf (or auto) only, and says why', () => {
    expect(parseRecordFlags(raw({ attach: ['web'], backend: 'ebpf' }), []).backend).toBe('ebpf');
    for (const backend of ['audit', 'strace']) {
      const error = usage({ attach: ['web'], backend });
      expect(error.exitCode).toBe(2);
      expect(error.message).toMatch(
        new RegExp(`--attach needs the ebpf backend, not --backend ${backend}: .*already run`),
      );
    }
  });

  it.each([
    [{ attach: ['web'] }, ['docker', 'run', 'x'], /takes no command \(got: docker run x\)/],
    [{ attach: ['web'] }, ['ls'], /takes no command/],
    [{ attach: ['web'], fromStrace: ['t.txt'] }, [], /--from-strace\/--from-audit read files/],
    [{ attach: true }, [], /--attach needs the running containers/],
    [{ attach: ['web'], project: 'shop' }, [], /add -f compose.yaml/],
    [{ attach: ['web'], file: ['compose.yaml'] }, [], /with -f, --attach takes no container names/],
    [{ attach: ['web'], baseline: 'unconfined' }, [], /--baseline does not apply to --attach/],
  ] as const)('refuses %j %j', (over, argv, message) => {
    const error = usage(over as Partial<RawRecordFlags>, [...argv]);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
  });

  it('a bare `--attach false` (commander leaves it unset) is no attach', () => {
    expect(parseRecordFlags(raw({ attach: false }), ['docker', 'run', 'x']).mode.kind).toBe('container');
  });
});
