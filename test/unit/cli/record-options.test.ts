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

describe('parseRecordFlags', () => {
  it('tells a container from a plain command by the first word', () => {
    expect(parseRecordFlags(raw(), ['docker', 'run', 'x']).mode).toEqual({
      kind: 'container',
      argv: ['docker', 'run', 'x'],
    });
    expect(parseRecordFlags(raw(), ['/usr/bin/docker', 'run', 'x']).mode.kind).toBe('container');
    expect(parseRecordFlags(raw(), ['ls', '-la']).mode).toEqual({ kind: 'command', argv: ['ls', '-la'] });
  });

  it('reads the ingest modes', () => {
    expect(parseRecordFlags(raw({ fromStrace: ['a.1', 'a.2'] }), []).mode).toEqual({
      kind: 'from-strace',
      files: ['a.1', 'a.2'],
      native: undefined,
    });
    expect(parseRecordFlags(raw({ fromStrace: ['arm.txt'], traceArch: 'arm' }), []).mode).toEqual({
      kind: 'from-strace',
      files: ['arm.txt'],
      native: 'SCMP_ARCH_ARM',
    });
    expect(parseRecordFlags(raw({ fromAudit: ['audit.log'] }), []).mode).toEqual({
      kind: 'from-audit',
      files: ['audit.log'],
    });
  });

  it('converts seconds', () => {
    const flags = parseRecordFlags(raw({ duration: '2.5', grace: '0', readyTimeout: '5' }), ['docker', 'run', 'x']);
    expect(flags).toMatchObject({ durationS: 2.5, graceS: 0, readyTimeoutS: 5, backend: 'auto' });
  });

  it.each([
    [raw(), [], /nothing to record/],
    [raw({ fromStrace: ['t'] }), ['docker', 'run', 'x'], /only one of/],
    [raw({ output: undefined }), ['docker', 'run', 'x'], /needs -o FILE/],
    [raw({ backend: 'audit' }), ['ls'], /a plain command is recorded with strace/],
    [raw({ backend: 'dtrace' }), ['docker', 'run', 'x'], /unknown backend "dtrace"/],
    [raw({ duration: '0' }), ['docker', 'run', 'x'], /--duration needs a positive number/],
    [raw({ duration: '-3' }), ['docker', 'run', 'x'], /--duration needs a positive number/],
    [raw({ readyTimeout: 'soon' }), ['docker', 'run', 'x'], /--ready-timeout needs a positive number/],
    [raw({ fromAudit: ['a'], exercise: 'curl x' }), [], /apply to live recordings/],
    [raw({ fromAudit: ['a'], traceArch: 'arm' }), [], /--trace-arch applies to --from-strace only/],
    [raw({ fromStrace: ['t'], traceArch: 'vax' }), [], /unknown architecture "vax"/],
  ])('refuses %o %o', (flags, argv, message) => {
    expect(() => parseRecordFlags(flags, argv)).toThrow(UsageError);
    expect(() => parseRecordFlags(flags, argv)).toThrow(message);
  });
});

describe('compose projects (issue 8)', () => {
  it('-f compose.yaml with -p and --service is a compose recording; names are checked as compose does', () => {
    const flags = parseRecordFlags(
      raw({ output: 'rec', file: ['compose.yaml'], project: 'shop', service: ['api', 'api'] }),
      [],
    );
    expect(flags.mode).toEqual({ kind: 'compose', files: ['compose.yaml'], project: 'shop', services: ['api'] });
    expect(() => parseRecordFlags(raw({ file: ['c.yaml'], service: ['a b'] }), [])).toThrow(
      /not a compose service name/,
    );
    expect(() => parseRecordFlags(raw({ file: ['c.yaml'], service: [''] }), [])).toThrow(UsageError);
    expect(() => parseRecordFlags(raw({ file: ['c.yaml'], project: 'Shop!' }), [])).toThrow(
      /not a compose project name/,
    );
    expect(() => parseRecordFlags(raw({ service: ['api'] }), ['docker', 'run', 'img'])).toThrow(/add -f compose.yaml/);
  });

  it.each([
    [['docker-compose', 'run', 'api']],
    [['/usr/bin/docker-compose', 'up']],
    [['docker', 'compose', 'up', '-d']],
  ])('refuses -- %j with exit 2 and the -f form', (argv) => {
    const error = (() => {
      try {
        parseRecordFlags(raw(), argv);
      } catch (e) {
        return e as UsageError;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error?.exitCode).toBe(2);
    expect(error?.hint).toMatch(/seccompose record -f compose.yaml/);
  });
});
