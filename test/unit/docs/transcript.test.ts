import { describe, expect, it } from 'vitest';
import { readDocBlocks, readTranscript, transcriptMismatch } from '../../docs/transcript.js';

const OUTPUT = [
  'seccompose: recorded container seccompose/nginx:1 with ebpf 0.17.0: 2682 syscalls, 60 distinct (x86_64), exit 0, 2.2s',
  '  capabilities used: CAP_CHOWN, CAP_SETGID, CAP_SETUID',
  '  note: ebpf: bpftrace attached 8 probes in 2297 ms, before the container started',
  '  complete; written to nginx.json',
  '',
].join('\n');

describe('transcriptMismatch', () => {
  it('keeps the path below a temp directory: only the directory itself varies', () => {
    expect(
      transcriptMismatch(
        ['wrote x from …/test/fixtures/a.csv'],
        'wrote x from /tmp/seccompose-doctest-Ab12/test/fixtures/a.csv\n',
      ),
    ).toBeUndefined();
    expect(
      transcriptMismatch(['wrote x from …/test/fixtures/a.csv'], 'wrote x from /tmp/seccompose-doctest-Ab12/b.csv\n'),
    ).toContain('not printed');
  });

  it.each([
    [
      'the whole output, figures differing',
      [
        'seccompose: recorded container seccompose/nginx:1 with ebpf 0.17.0: 2690 syscalls, 59 distinct (x86_64), exit 0, 1.9s',
        '  capabilities used: CAP_CHOWN, CAP_SETGID, CAP_SETUID',
        '  note: ebpf: bpftrace attached 8 probes in 1586 ms, before the container started',
        '  complete; written to nginx.json',
      ],
    ],
    [
      'an elision line for the lines left out',
      ['seccompose: recorded … exit 0, 2.2s', '…', '  complete; written to nginx.json'],
    ],
    [
      'an elision at the start and `...` at the end',
      ['...', '  capabilities used: CAP_CHOWN, CAP_SETGID, CAP_SETUID', '[...]'],
    ],
    [
      'an elision standing for no line at all',
      ['…', 'seccompose: recorded …', '  capabilities used: …', '…', '  note: …', '  complete; written to nginx.json'],
    ],
  ])('accepts %s', (_, shown) => {
    expect(transcriptMismatch(shown, OUTPUT)).toBeUndefined();
  });

  it.each([
    [
      'a line the tool does not print',
      ['…', '  capabilities used: none', '…'],
      'shown line not printed:   capabilities used: none',
    ],
    [
      'an output line the README does not show',
      ['seccompose: recorded …', '  capabilities used: …', '  complete; written to nginx.json'],
      'printed instead (output line 3)',
    ],
    [
      'output after the last shown line',
      ['seccompose: recorded …', '  capabilities used: …'],
      'printed but not shown (output line 3)',
    ],
    [
      'lines out of order',
      ['…', '  complete; written to nginx.json', '  capabilities used: …', '…'],
      'shown line not printed:   capabilities used',
    ],
    [
      'a changed word beside a figure',
      ['…', '  note: ebpf: bpftrace attached 8 probes in 2297 ms, after the container started', '…'],
      'not printed',
    ],
  ])('refuses %s', (_, shown, why) => {
    expect(transcriptMismatch(shown, OUTPUT)).toContain(why);
  });

  it('takes a command shown without output as one that prints nothing', () => {
    expect(transcriptMismatch([], '')).toBeUndefined();
    expect(transcriptMismatch([], 'seccompose: wrote p.json\n')).toContain('printed but not shown');
  });

  it('matches an elision that must skip a line the next shown line also matches', () => {
    expect(transcriptMismatch(['{', '…', '}'], '{\n  "a": {\n  }\n}\n')).toBeUndefined();
  });
});

describe('readTranscript', () => {
  it('joins continuation lines and reads `# exit N`', () => {
    const [first, second] = readTranscript([
      '$ seccompose lint \\',
      '    x.json  # exit 1',
      'x.json: 1 error',
      '$ echo $?',
      '1',
    ]);
    expect(first).toEqual({ command: 'seccompose lint x.json', expected: ['x.json: 1 error'], exitCode: 1 });
    expect(second).toEqual({ command: 'echo $?', expected: ['1'], exitCode: 0 });
  });
});

describe('readDocBlocks', () => {
  const markdown = [
    '<!-- doctest: run -->',
    '```console',
    '$ seccompose --version',
    '```',
    '<!-- doctest: run in compose-shop -->',
    '```console',
    '$ seccompose verify -f compose.yaml',
    '```',
    '<!-- doctest: skip "installs into this machine" -->',
    '```sh',
    'npm link  # then seccompose anywhere',
    '```',
    '```console',
    '$ unmarked',
    '```',
    '```json',
    '{}',
    '```',
  ].join('\n');

  it('reads each console and sh block with its marker, and the scratch directory it names', () => {
    expect(readDocBlocks(markdown).map((b) => [b.line, b.lang, b.mode])).toEqual([
      [2, 'console', { kind: 'run' }],
      [6, 'console', { kind: 'run', world: 'compose-shop' }],
      [10, 'sh', { kind: 'skip', reason: 'installs into this machine' }],
      [13, 'console', undefined],
    ]);
  });

  it('gives a script no shown output, so only its exit code counts', () => {
    expect(readDocBlocks(markdown)[2]?.commands).toEqual([{ command: 'npm link', expected: undefined, exitCode: 0 }]);
  });
});
